import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';

const CHUNK = 64 * 1024;
const FILL = Buffer.alloc(CHUNK, 0x61);

/**
 * A body of `total` bytes in 64 KiB pieces, generated as it is read: the test process never holds it. With
 * `hash`, every piece differs (its index in its first bytes, so a lost, repeated or reordered piece changes the
 * digest) and goes into `hash` as it is handed out; without, the pieces are one shared buffer (cheapest).
 * `produced()` says how many bytes were handed out so far.
 * @example
 *   const sent = createHash('sha256');
 *   const body = generatedBody(1024 ** 3, sent);
 *   await pipeline(body, req);
 */
export function generatedBody(total: number, hash?: Hash): Readable & { produced(): number } {
  let left = total;
  let index = 0;
  const stream = new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(left, CHUNK);
      left -= n;
      let piece = n === CHUNK ? FILL : FILL.subarray(0, n);
      if (hash !== undefined) {
        piece = Buffer.from(piece);
        piece.writeUInt32BE(index++ >>> 0, 0);
        hash.update(piece);
      }
      this.push(piece);
    },
  });
  return Object.assign(stream, { produced: () => total - left });
}

/** Counts a stream's bytes and hashes them (sha256, hex) as they pass; rejects on `error` or `close` before `end`. */
export function countBody(stream: NodeJS.ReadableStream & { on(event: 'close', listener: () => void): unknown }): Promise<{ bytes: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let bytes = 0;
    let ended = false;
    stream.on('data', (c: Buffer) => {
      bytes += c.length;
      hash.update(c);
    });
    stream.on('end', () => {
      ended = true;
      resolve({ bytes, sha256: hash.digest('hex') });
    });
    stream.on('error', reject);
    stream.on('close', () => {
      if (!ended) reject(new Error(`the stream closed after ${bytes} bytes, before its end`));
    });
  });
}

/**
 * The peak resident set of a process (Linux `VmHWM` in /proc/PID/status, bytes): a high-water mark, so it catches
 * a spike between two readings that sampling `rss` could miss.
 */
export function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}
