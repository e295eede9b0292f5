import { defineCodes } from './codes.js';
import { StranglerError } from './strangler-error.js';

/** Codes every part of the proxy may answer. */
export const CORE_ERRORS = defineCodes({
  STRANGLER_INTERNAL: { status: 500, meaning: 'a bug in the proxy itself while handling a request (logged with its stack)' },
});

/**
 * A bug in strangler itself while handling a request: the client gets 500 STRANGLER_INTERNAL, never the details
 * (they go to the log with `cause`).
 * @example
 *   return replyWithError(reply, internalError('internal error', err));
 */
export function internalError(message: string, cause?: unknown): StranglerError {
  return new StranglerError('STRANGLER_INTERNAL', message, { statusCode: CORE_ERRORS.STRANGLER_INTERNAL.status, cause });
}
