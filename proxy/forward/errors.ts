import { StranglerError } from '../errors.js';

/**
 * Failures of the forwarding path. Each has a stable code (clients and tests match on it) and the status the
 * client gets when the failure happens before the response started.
 */

export const MONOLITH_UNAVAILABLE = 'STRANGLER_MONOLITH_UNAVAILABLE';
export const MONOLITH_TIMEOUT = 'STRANGLER_MONOLITH_TIMEOUT';

/** The monolith refused or dropped the connection, or could not be resolved (502). */
export class MonolithUnavailableError extends StranglerError {
  constructor(message: string, cause?: unknown) {
    super(MONOLITH_UNAVAILABLE, message, { statusCode: 502, cause });
    this.name = 'MonolithUnavailableError';
  }
}

/** The monolith sent nothing (no connection, no byte) for `monolith.timeoutMs` (504). */
export class MonolithTimeoutError extends StranglerError {
  constructor(timeoutMs: number) {
    super(MONOLITH_TIMEOUT, `the monolith did not answer within ${timeoutMs} ms (monolith.timeoutMs)`, { statusCode: 504 });
    this.name = 'MonolithTimeoutError';
  }
}

/**
 * Maps what node's HTTP client reports to a coded error. Everything that is not our own timeout means the
 * monolith could not be reached or dropped the exchange: ECONNREFUSED, ECONNRESET ("socket hang up"), ENOTFOUND,
 * EHOSTUNREACH, EPIPE...
 */
export function toMonolithError(err: unknown, monolithUrl: string): StranglerError {
  if (err instanceof StranglerError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = code ?? (err as Error | undefined)?.message ?? String(err);
  return new MonolithUnavailableError(`the monolith at ${monolithUrl} is unavailable (${reason})`, err);
}
