import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { PARSERS, type AccessRecord, type LogFormat } from './formats.js';

/** How many unparsable lines are kept, with their numbers, to show the user. */
export const UNPARSABLE_EXAMPLES = 5;

export interface ReadLogOptions {
  format: LogFormat;
  /** Called with bytes read so far (of the file on disk, compressed or not) and the file's size. */
  onProgress?: (read: number, total: number) => void;
  /** Records before this epoch ms are skipped (`--since`). */
  since?: number;
}

export interface ReadLogSummary {
  lines: number;
  records: number;
  /** Records older than `since`. */
  skipped: number;
  unparsable: number;
  /** The first few unparsable lines: 1-based line number and the text (cut at 200 characters). */
  examples: Array<{ line: number; text: string }>;
}

/**
 * Streams an access log (gzip when the file starts with gzip's magic bytes, whatever its name) and hands each
 * request to `onRecord`, line by line, so a log of any size takes constant memory.
 * @example
 *   const summary = await readAccessLog('access.log.gz', { format: 'combined' }, (r) => inventory.add(r));
 */
export async function readAccessLog(file: string, options: ReadLogOptions, onRecord: (record: AccessRecord) => void): Promise<ReadLogSummary> {
  const parse = PARSERS[options.format];
  const total = statSync(file).size;
  const gzip = await startsWithGzipMagic(file);
  let read = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      read += chunk.length;
      options.onProgress?.(read, total);
      callback(null, chunk);
    },
  });
  const raw = createReadStream(file).pipe(counter);
  const text = gzip ? raw.pipe(createGunzip()) : raw;
  const summary: ReadLogSummary = { lines: 0, records: 0, skipped: 0, unparsable: 0, examples: [] };
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  for await (const line of lines) {
    summary.lines++;
    if (line.trim() === '') continue;
    const record = parse(line);
    if (record === null) {
      // strangler's own log also holds lifecycle lines: those are not requests, and not errors either.
      if (options.format === 'strangler' && isJsonObject(line)) continue;
      summary.unparsable++;
      if (summary.examples.length < UNPARSABLE_EXAMPLES) summary.examples.push({ line: summary.lines, text: line.slice(0, 200) });
      continue;
    }
    if (options.since !== undefined && record.time < options.since) {
      summary.skipped++;
      continue;
    }
    summary.records++;
    onRecord(record);
  }
  return summary;
}

async function startsWithGzipMagic(file: string): Promise<boolean> {
  const stream = createReadStream(file, { start: 0, end: 1 });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const head = Buffer.concat(chunks);
  return head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
}

function isJsonObject(line: string): boolean {
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}
