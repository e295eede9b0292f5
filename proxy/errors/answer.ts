import type { StranglerError } from './strangler-error.js';

/** The part of a fastify reply (or any like it) an error answer needs. */
export interface ErrorReply<R> {
  code(statusCode: number): { send(payload: unknown): R };
}

/**
 * Answers a request with a coded error: its status (500 when it has none) and the documented
 * `{"error":{"code","message"}}` body.
 * @example
 *   if (err instanceof ShadowError) return replyWithError(reply, err);
 */
export function replyWithError<R>(reply: ErrorReply<R>, error: StranglerError): R {
  return reply.code(error.statusCode ?? 500).send(error.toJSON());
}
