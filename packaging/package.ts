import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LAMBDA_UNZIPPED_LIMIT_BYTES, LAMBDA_ZIPPED_LIMIT_BYTES } from '../lambda-runtime/code-artifact.js';
import { DEFAULT_NODE_RUNTIME, type FunctionConfig } from '../proxy/schemas/functions.js';
import { bundleHandler, type BundleFormat } from './bundle.js';
import { PACKAGE_CODES, PackageError } from './errors.js';
import { zipFiles } from './zip.js';

/** Lambda's deployment-package quotas: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
export interface SizeLimits {
  zippedBytes: number;
  unzippedBytes: number;
}
export const LAMBDA_SIZE_LIMITS: SizeLimits = { zippedBytes: LAMBDA_ZIPPED_LIMIT_BYTES, unzippedBytes: LAMBDA_UNZIPPED_LIMIT_BYTES };
/** Inputs listed in the summary. */
export const TOP_INPUTS = 10;
/** `strangler package`'s output folder, relative to where it runs. */
export const DEFAULT_PACKAGE_DIR = '.strangler/package';

export interface PackageOptions {
  /** Folder the zips are written to (created). */
  outDir: string;
  format?: BundleFormat;
  bundleAwsSdk?: boolean;
  minify?: boolean;
  /** Default: Lambda's quotas. Tests pass small ones. */
  limits?: SizeLimits;
}

export interface PackagedFunction {
  name: string;
  /** Handler string inside the zip (`index.handler`): what `code:` and the template's Handler take. */
  handler: string;
  runtime: string;
  zipFile: string;
  zippedBytes: number;
  unzippedBytes: number;
  /** Base64 SHA-256 of the zip, as Lambda reports `CodeSha256`. */
  sha256: string;
  /** The largest inputs by bytes in the bundle (at most TOP_INPUTS), paths relative to the working directory. */
  topInputs: Array<{ path: string; bytes: number }>;
}

/**
 * Builds `<outDir>/<name>.zip` for one plan function (handler paths relative to `baseDir`). Throws PackageError
 * (STRANGLER_PACKAGE_*); nothing is written when the package is above the limits.
 * @example
 *   const out = await packageFunction(fn, 'migration-plans', { outDir: '.strangler/package' });
 */
export async function packageFunction(fn: FunctionConfig, baseDir: string, options: PackageOptions): Promise<PackagedFunction> {
  if (fn.code !== undefined || fn.handler === undefined) {
    const what = fn.code !== undefined ? `is already packaged (code: ${fn.code})` : 'is a custom-runtime bootstrap (package it with its own build)';
    throw new PackageError(PACKAGE_CODES.NOT_SOURCE, `function "${fn.name}" ${what}: only handler functions are bundled`);
  }
  const runtime = fn.runtime ?? DEFAULT_NODE_RUNTIME;
  const nodeMajor = nodeMajorOf(runtime) ?? nodeMajorOf(DEFAULT_NODE_RUNTIME)!;
  const bundle = await bundleHandler(fn.name, fn.handler, baseDir, {
    nodeMajor,
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(options.bundleAwsSdk === undefined ? {} : { bundleAwsSdk: options.bundleAwsSdk }),
    ...(options.minify === undefined ? {} : { minify: options.minify }),
  });
  const zip = zipFiles(bundle.files);
  const unzippedBytes = bundle.files.reduce((sum, f) => sum + f.data.length, 0);
  checkLimits(fn.name, zip.length, unzippedBytes, options.limits ?? LAMBDA_SIZE_LIMITS);

  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const zipFile = join(outDir, `${fn.name}.zip`);
  writeFileSync(zipFile, zip);
  return {
    name: fn.name,
    handler: bundle.handler,
    runtime,
    zipFile,
    zippedBytes: zip.length,
    unzippedBytes,
    sha256: createHash('sha256').update(zip).digest('base64'),
    topInputs: bundle.inputs.slice(0, TOP_INPUTS),
  };
}

/** `nodejs22.x` → 22 (esbuild's target); undefined for an OS-only runtime. */
function nodeMajorOf(runtime: string): number | undefined {
  const major = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
  return major === undefined ? undefined : Number(major);
}

/** Throws STRANGLER_PACKAGE_TOO_LARGE naming the limit that was passed. */
export function checkLimits(name: string, zippedBytes: number, unzippedBytes: number, limits: SizeLimits): void {
  const over =
    zippedBytes > limits.zippedBytes
      ? `${formatBytes(zippedBytes)} zipped, above the ${formatBytes(limits.zippedBytes)} Lambda takes by direct upload (upload it to S3 and deploy from there, or make it smaller)`
      : unzippedBytes > limits.unzippedBytes
        ? `${formatBytes(unzippedBytes)} unzipped, above Lambda's ${formatBytes(limits.unzippedBytes)} limit for a function with its layers`
        : undefined;
  if (over !== undefined) throw new PackageError(PACKAGE_CODES.TOO_LARGE, `function "${name}": the package is ${over}`);
}

/** `1.5 MB`, `312.4 KB`, `87 B` (powers of 1024, as Lambda's quotas are stated). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The per-function summary `strangler package` prints. */
export function formatSummary(p: PackagedFunction, limits: SizeLimits = LAMBDA_SIZE_LIMITS): string {
  const width = Math.max(...p.topInputs.map((i) => formatBytes(i.bytes).length), 0);
  return [
    `${p.name}: ${p.zipFile}`,
    `  handler   ${p.handler} (${p.runtime})`,
    `  size      ${formatBytes(p.zippedBytes)} zipped, ${formatBytes(p.unzippedBytes)} unzipped (limits ${formatBytes(limits.zippedBytes)} / ${formatBytes(limits.unzippedBytes)})`,
    `  sha256    ${p.sha256}`,
    `  largest inputs:`,
    ...p.topInputs.map((i) => `    ${formatBytes(i.bytes).padStart(width)}  ${i.path}`),
    '',
  ].join('\n');
}
