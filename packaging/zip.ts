import { zipSync, type Zippable } from 'fflate';

/**
 * Deployment-package zips. fflate writes them: one small dependency-free package that both writes (here) and reads
 * (the local service's unzip cache), with a synchronous API.
 */

/** 1980-01-01, the earliest DOS time: every entry gets it, so the same files always make the same zip (and hash). */
const FIXED_MTIME = new Date(1980, 0, 1);
/** Unix "made by" and `-rw-r--r--`: Lambda needs the files world-readable (https://repost.aws/knowledge-center/lambda-deployment-package-errors). */
const UNIX = 3;
const READABLE = 0o100644 << 16;

/** A zip of `files` at its root, deterministic for equal input. */
export function zipFiles(files: ReadonlyArray<{ name: string; data: Uint8Array }>): Uint8Array {
  const entries: Zippable = {};
  for (const f of [...files].sort((a, b) => a.name.localeCompare(b.name)))
    entries[f.name] = [f.data, { level: 9, mtime: FIXED_MTIME, os: UNIX, attrs: READABLE }];
  return zipSync(entries);
}
