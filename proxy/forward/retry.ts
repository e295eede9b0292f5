import type { ClientRequest, IncomingMessage } from 'node:http';

/** Idempotent methods (RFC 9110 §9.2.2): sending one twice has the effect of sending it once. */
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/**
 * A keep-alive connection can be closed by the monolith (its idle timeout) at the moment the proxy reuses it;
 * the request then fails with ECONNRESET/EPIPE before the monolith saw it. Node's documented remedy
 * (https://nodejs.org/api/http.html#requestreusedsocket) is one retry, which is only safe for idempotent requests
 * without a body (a streamed body is gone).
 */
export function isRetryable(upstream: ClientRequest, req: IncomingMessage, err: Error): boolean {
  if (!upstream.reusedSocket) return false;
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'ECONNRESET' && code !== 'EPIPE') return false;
  if (!IDEMPOTENT.has(req.method ?? '')) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
}
