import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { LAMBDA_SERVICE_CODES, LambdaServiceError } from './errors.js';

/**
 * A function's `code:` artifact (a deployment-package `.zip` or a folder with its layout), made ready to run: a
 * folder is used in place, a `.zip` is unzipped once into a cache folder named by the zip's SHA-256, so a rebuilt
 * zip gets a fresh folder and an unchanged one is reused across restarts.
 *
 * Lambda's quotas for a deployment package: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */

/** Largest .zip Lambda takes by direct upload (CreateFunction / UpdateFunctionCode ZipFile). */
export const LAMBDA_ZIPPED_LIMIT_BYTES = 50 * 1024 * 1024;
/** Largest unzipped deployment package (with layers) Lambda runs. */
export const LAMBDA_UNZIPPED_LIMIT_BYTES = 250 * 1024 * 1024;
/**
 * Where unzipped artifacts are kept, one folder per zip content hash. Per user: the temp folder is shared, and a
 * folder named by a known hash must not be one somebody else could have put there.
 */
export const DEFAULT_CODE_CACHE_DIR = join(tmpdir(), `strangler-lambda-code-${process.getuid?.() ?? 'user'}`);

/**
 * The folder the function's code runs from. Throws LambdaServiceError STRANGLER_LAMBDA_SERVICE_CODE when the
 * artifact is missing, not a zip, or unsafe (an entry that would land outside the folder, more than Lambda's
 * unzipped limit).
 * @example
 *   const root = codeRoot('/srv/plan/.strangler/package/shop-catalog.zip', 'shop-catalog');
 */
export function codeRoot(path: string, functionName: string, cacheDir: string = DEFAULT_CODE_CACHE_DIR): string {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (err) {
    throw codeError(
      functionName,
      path,
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist (run strangler package first?)' : (err as Error).message,
      err,
    );
  }
  if (isDirectory) return path;

  const zip = readFileSync(path);
  checkCacheDir(cacheDir, functionName, path);
  const target = join(cacheDir, createHash('sha256').update(zip).digest('hex'));
  if (isDir(target)) return target;
  const files = unzipEntries(zip, functionName, path);
  // Unzip beside the final folder and rename it into place, so a crash or a second service never sees half of it.
  const partial = `${target}.partial-${randomBytes(6).toString('hex')}`;
  try {
    for (const [name, data] of files) {
      const file = join(partial, name);
      if (name.endsWith('/')) mkdirSync(file, { recursive: true });
      else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, data);
      }
    }
    mkdirSync(partial, { recursive: true });
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    // Another service unzipped the same content first: theirs is identical.
    if (isDir(target)) return target;
    throw codeError(functionName, path, `cannot unzip into ${cacheDir}: ${(err as Error).message}`, err);
  }
  return target;
}

/** The zip's entries, checked before a byte is written: relative names inside the root, declared sizes in bounds. */
function unzipEntries(zip: Buffer, functionName: string, path: string): Array<[string, Uint8Array]> {
  let declared = 0;
  let bad: string | undefined;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (entry) => {
        declared += entry.originalSize;
        if (bad === undefined && !isSafeEntry(entry.name)) bad = `entry "${entry.name}" would be written outside the code folder`;
        if (bad === undefined && declared > LAMBDA_UNZIPPED_LIMIT_BYTES)
          bad = `unzips to more than ${LAMBDA_UNZIPPED_LIMIT_BYTES} bytes (Lambda's unzipped limit)`;
        // Decompress nothing once something is wrong.
        return bad === undefined;
      },
    });
  } catch (err) {
    throw codeError(functionName, path, `is not a readable .zip: ${(err as Error).message}`, err);
  }
  if (bad !== undefined) throw codeError(functionName, path, bad);
  return Object.entries(files);
}

/** Zip slip (CVE-2018-1002200 class): no absolute names, drive letters, backslashes or `..` segments. */
export function isSafeEntry(name: string): boolean {
  if (name === '' || name.includes('\\') || name.includes('\0') || isAbsolute(name) || /^[A-Za-z]:/.test(name)) return false;
  const normal = normalize(name);
  return normal !== '..' && !normal.startsWith(`..${sep}`) && resolve('/root', normal).startsWith(`/root${sep}`);
}

/** The cache folder is created private (0700) and must stay ours and not writable by others, or its code is not trusted. */
function checkCacheDir(cacheDir: string, functionName: string, path: string): void {
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const stat = statSync(cacheDir);
  const uid = process.getuid?.();
  if ((uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) {
    throw codeError(
      functionName,
      path,
      `cannot be unzipped into ${cacheDir}: the folder belongs to another user or others may write to it (set codeCacheDir to a private folder)`,
    );
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function codeError(functionName: string, path: string, reason: string, cause?: unknown): LambdaServiceError {
  return new LambdaServiceError(LAMBDA_SERVICE_CODES.CODE, `function "${functionName}": code ${path} ${reason}`, cause === undefined ? {} : { cause });
}
