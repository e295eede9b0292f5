import type { IncomingMessage } from 'node:http';

/** What reading a request body up to a limit gave. */
export type BufferedBody =
  /** The whole body, at most `limit` bytes. */
  | { kind: 'whole'; body: Buffer }
  /**
   * The body grew past `limit`: reading stopped there and the request is paused mid-body. `prefix` is what was read
   * (`limit` plus at most one chunk); the rest is still unread on the client's connection, for the caller to stream
   * on (a fallback to the monolith) or to discard.
   */
  | { kind: 'over'; prefix: Buffer }
  /** The client went away (or the stream failed) before the body was complete. */
  | { kind: 'gone' };

/**
 * Reads a request body into memory (a Lambda event carries the whole body), but never more than `limit` bytes plus
 * one chunk: past the limit it stops and leaves the rest unread, so memory per request is bounded by the limit
 * whatever the framing (Content-Length or chunked) and whatever the body's size.
 * @example
 *   const read = await readBody(req, SYNC_PAYLOAD_LIMIT);
 *   if (read.kind === 'over') monolith.serve(ex, { body: read.prefix, bodyContinues: true });
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BufferedBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BufferedBody): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFail);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      size += chunk.length;
      if (size <= limit) return;
      // Removing the `data` listener does not stop a flowing stream: pause it, so the socket stops being read
      // (TCP backpressure) until someone pipes or resumes the request.
      req.pause();
      finish({ kind: 'over', prefix: Buffer.concat(chunks, size) });
    };
    const onEnd = (): void => finish({ kind: 'whole', body: Buffer.concat(chunks, size) });
    const onFail = (): void => finish({ kind: 'gone' });
    const onClose = (): void => {
      if (!req.complete) finish({ kind: 'gone' });
    };
    if (req.readableEnded) {
      resolve({ kind: 'whole', body: Buffer.alloc(0) });
      return;
    }
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onFail);
    req.once('close', onClose);
  });
}
