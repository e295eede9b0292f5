/**
 * The base of every error strangler raises on purpose. `code` is stable (tests and users match on it, never on
 * the message); `statusCode` is what the proxy answers when the error reaches a client; `cause` keeps the original.
 *
 * Model: fastify-reply-from lib/errors.js, undici lib/core/errors.js.
 * @example
 *   throw new StranglerError('STRANGLER_MONOLITH_TIMEOUT', 'monolith did not answer within 30000 ms', { statusCode: 504 });
 */
export class StranglerError extends Error {
  readonly code: string;
  readonly statusCode: number | undefined;

  constructor(code: string, message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StranglerError';
    this.code = code;
    this.statusCode = options.statusCode;
  }

  /** The JSON body a client gets when this error ends a request. */
  toJSON(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** True for errors strangler raised itself (so callers can branch on `code` safely). */
export function isStranglerError(err: unknown): err is StranglerError {
  return err instanceof StranglerError;
}
