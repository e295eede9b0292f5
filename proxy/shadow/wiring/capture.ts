import type { EventEmitter } from 'node:events';

/** What teeBody reads: a Readable, or the monolith response view (proxy/forward/call.ts). */
export type BodyEvents = Pick<EventEmitter, 'on' | 'once' | 'off'> & { readonly readableEnded: boolean };

/**
 * A copy of a stream's bytes, read alongside whoever consumes it (a `data` listener next to a pipe, which neither
 * pauses nor consumes the stream for the pipe). Resolves null when the stream ends early or grows past
 * `maxBytes` (then the copy stops growing: memory stays bounded whatever the body size).
 * Attach it in the same tick as the pipe, before any data flows.
 * @example
 *   const copy = teeBody(monolithResponse, 1_048_576);
 *   monolithResponse.pipe(res);
 *   const body = await copy; // Buffer, or null
 */
export function teeBody(stream: BodyEvents, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const onData = (chunk: Buffer | string): void => {
      if (over) return;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(buf);
    };
    const done = (ok: boolean): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onClose);
      stream.off('error', onClose);
      resolve(ok && !over ? Buffer.concat(chunks, size) : null);
    };
    const onEnd = (): void => done(true);
    const onClose = (): void => done(false);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('close', onClose);
    stream.once('error', onClose);
    if (stream.readableEnded) done(true);
  });
}
