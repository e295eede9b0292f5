import { codeOptions, defineCodes, StranglerError, type CodeOf } from '../errors/index.js';

/**
 * Failures of the forwarding path. Each has a stable code (clients and tests match on it) and the status the
 * client gets when the failure happens before the response started.
 */
export const FORWARD_ERRORS = defineCodes({
  STRANGLER_MONOLITH_UNAVAILABLE: {
    status: 502,
    meaning:
      "the monolith refused or dropped the connection, or its host cannot be resolved (also on a WebSocket handshake); after the response started, the client's connection is cut instead",
  },
  STRANGLER_MONOLITH_TIMEOUT: {
    status: 504,
    meaning: 'no pooled connection free, no new connection established, or no byte sent or received, for `monolith.timeoutMs`',
  },
  STRANGLER_SECOND_WRITE_FAILED: {
    meaning:
      'a dual write\'s second write failed for a reason without a code of its own (logged as `"event":"second-write"`, never returned; a refused connection or a timeout is logged as `STRANGLER_MONOLITH_UNAVAILABLE` / `STRANGLER_MONOLITH_TIMEOUT`, a function failure with its `STRANGLER_LAMBDA_*` code)',
  },
});

export type ForwardErrorCode = CodeOf<typeof FORWARD_ERRORS>;

export const MONOLITH_UNAVAILABLE = 'STRANGLER_MONOLITH_UNAVAILABLE' satisfies ForwardErrorCode;
export const MONOLITH_TIMEOUT = 'STRANGLER_MONOLITH_TIMEOUT' satisfies ForwardErrorCode;

/** The monolith refused or dropped the connection, or could not be resolved (502). */
export class MonolithUnavailableError extends StranglerError {
  constructor(message: string, cause?: unknown) {
    super(MONOLITH_UNAVAILABLE, message, codeOptions(FORWARD_ERRORS, MONOLITH_UNAVAILABLE, { cause }));
    this.name = 'MonolithUnavailableError';
  }
}

/** The monolith sent nothing (no connection, no byte) for `monolith.timeoutMs` (504). */
export class MonolithTimeoutError extends StranglerError {
  constructor(timeoutMs: number) {
    super(MONOLITH_TIMEOUT, `the monolith did not answer within ${timeoutMs} ms (monolith.timeoutMs)`, codeOptions(FORWARD_ERRORS, MONOLITH_TIMEOUT));
    this.name = 'MonolithTimeoutError';
  }
}

/** undici's codes for "no byte within the time": connecting, waiting for the response head, between body chunks. */
const TIMEOUT_CODES: ReadonlySet<string> = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Maps what the HTTP clients report (undici for requests, node's for WebSocket handshakes) to a coded error:
 * their timeouts become 504 `STRANGLER_MONOLITH_TIMEOUT`; everything else means the monolith could not be
 * reached or dropped the exchange (ECONNREFUSED, ECONNRESET, ENOTFOUND, EHOSTUNREACH, EPIPE, undici's
 * UND_ERR_SOCKET "other side closed"…): 502 `STRANGLER_MONOLITH_UNAVAILABLE`.
 */
export function toMonolithError(err: unknown, monolithUrl: string, timeoutMs: number): StranglerError {
  if (err instanceof StranglerError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (monolithErrorCode(err) === MONOLITH_TIMEOUT) return new MonolithTimeoutError(timeoutMs);
  const reason =
    code === undefined ? ((err as Error | undefined)?.message ?? String(err)) : code.startsWith('UND_ERR') ? `${code}: ${(err as Error).message}` : code;
  return new MonolithUnavailableError(`the monolith at ${monolithUrl} is unavailable (${reason})`, err);
}

/**
 * The code of a failed call to the monolith, for callers that log rather than answer (dual writes' second write):
 * timeouts (the HTTP client's, or an AbortSignal.timeout) are STRANGLER_MONOLITH_TIMEOUT, any other failure of
 * the call STRANGLER_MONOLITH_UNAVAILABLE, and a StranglerError keeps its own code.
 */
export function monolithErrorCode(err: unknown): string {
  const { code, name } = (err ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && code.startsWith('STRANGLER_')) return code;
  if (name === 'TimeoutError' || (typeof code === 'string' && TIMEOUT_CODES.has(code))) return MONOLITH_TIMEOUT;
  return MONOLITH_UNAVAILABLE;
}
