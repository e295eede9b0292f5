import type { IncomingHttpHeaders } from 'node:http';
import { hasNoBody } from '../http/headers.js';

/** Idempotent methods (RFC 9110 §9.2.2): sending one twice has the effect of sending it once. */
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/** How a connection dropped under a request: reset, broken pipe, or undici's "other side closed". */
const DROPPED: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * A keep-alive connection can be closed by the monolith (its idle timeout) at the moment the proxy reuses it;
 * the request then fails before the monolith saw it. One retry is the usual remedy
 * (https://nodejs.org/api/http.html#requestreusedsocket), and it is only safe for idempotent requests without a
 * body (a streamed body is gone). The caller only asks before any byte of the response arrived.
 */
export function isRetryable(method: string, headers: IncomingHttpHeaders, err: Error): boolean {
  if (!DROPPED.has((err as NodeJS.ErrnoException).code ?? '')) return false;
  if (!IDEMPOTENT.has(method)) return false;
  return hasNoBody(headers);
}
