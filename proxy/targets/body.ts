import type { IncomingMessage } from 'node:http';

export interface BufferedBody {
  body: Buffer;
  /** True when the body grew past `limit`. */
  over: boolean;
  /** False when the client went away (or the stream failed) before the body was complete. */
  complete: boolean;
}

/**
 * Reads a request body into memory (a Lambda event carries the whole body). Past `limit` the bytes are kept only
 * when `keepOver` (they will be replayed to the monolith); otherwise they are drained and dropped, so memory stays
 * bounded.
 */
export function readBody(req: IncomingMessage, limit: number, keepOver: boolean): Promise<BufferedBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const finish = (complete: boolean): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFail);
      req.off('close', onClose);
      resolve({ body: over && !keepOver ? Buffer.alloc(0) : Buffer.concat(chunks, size), over, complete });
    };
    const onData = (chunk: Buffer): void => {
      if (over && !keepOver) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        if (!keepOver) {
          chunks.length = 0;
          size = 0;
          return;
        }
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(true);
    const onFail = (): void => finish(false);
    const onClose = (): void => {
      if (!req.complete) finish(false);
    };
    if (req.readableEnded) {
      resolve({ body: Buffer.alloc(0), over: false, complete: true });
      return;
    }
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onFail);
    req.once('close', onClose);
  });
}
