import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { StranglerError } from '../errors/index.js';
import type { ProxyServices } from '../services/index.js';
import { RejectedRequestError } from './errors.js';
import { errorAnswer, writeRawError } from '../http/raw-error.js';

/** What is known of a refused request: a parser rejection has no method or target yet. */
export interface RefusedRequest {
  requestId: string;
  method: string | null;
  /** The request target as received (the log keeps its path only). */
  url: string | null;
}

type Services = Pick<ProxyServices, 'logger' | 'metrics'>;

/**
 * Every answer the proxy produces itself, before a route or a target is involved (malformed request, bad URL, bad
 * Host, CONNECT, an upgrade it cannot forward), goes through here: the coded `{"error":{"code","message"}}` body, a
 * `request` log line at `warn` with `errorCode` (the shape of the per-request line, with null route and side), and
 * `strangler_rejected_requests_total{code}`.
 */
export function logRefused(services: Services, error: StranglerError, request: RefusedRequest): void {
  services.metrics.rejected(error.code);
  const url = request.url;
  const q = url === null ? -1 : url.indexOf('?');
  services.logger.warn(
    {
      routeId: null,
      stage: null,
      stageSource: null,
      servedBy: null,
      status: error.statusCode ?? 500,
      durationMs: 0,
      requestId: request.requestId,
      method: request.method,
      // The query string is left out, as on every request line.
      path: url === null || q === -1 ? url : url.slice(0, q),
      errorCode: error.code,
      errorMessage: error.message,
    },
    'request',
  );
}

/**
 * Refuses a request node has handed over as a socket (a parser rejection, CONNECT, an upgrade): the coded answer is
 * written raw and the connection closed. `extra` is a flat header list added to the answer.
 */
export function refuseOnSocket(services: Services, socket: Duplex, error: StranglerError, request: RefusedRequest, extra: readonly string[] = []): void {
  socket.on('error', () => socket.destroy());
  writeRawError(socket, error, ['x-request-id', request.requestId, ...extra]);
  logRefused(services, error, request);
}

/**
 * Refuses a request that has a ServerResponse. The connection closes after the answer: the request's body, if
 * any, was never read.
 */
export function refuseOnResponse(services: Services, res: ServerResponse, error: StranglerError, request: RefusedRequest): void {
  if (!res.headersSent && !res.destroyed) {
    const { status, body, headers } = errorAnswer(error);
    res.shouldKeepAlive = false;
    res.writeHead(status, [...headers, 'connection', 'close', 'x-request-id', request.requestId]);
    res.end(body);
  }
  logRefused(services, error, request);
}

/**
 * node's `clientError` (fastify's `clientErrorHandler`): the HTTP parser refused what the client sent, or its head
 * took too long. Answered like fastify's default, but with a code: 408 STRANGLER_REQUEST_TIMEOUT, 431
 * STRANGLER_HEADERS_TOO_LARGE, else 400 STRANGLER_BAD_REQUEST naming the parser's reason. A connection reset is not
 * an answer and is ignored; when a response is already under way on the connection the socket is only closed.
 * https://nodejs.org/api/http.html#event-clienterror
 */
export function refuseMalformed(services: Services, err: Error & { code?: string; reason?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const error = clientErrorOf(err);
  const request: RefusedRequest = { requestId: randomUUID(), method: null, url: null };
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (!socket.writable || (inFlight !== undefined && inFlight !== null)) {
    socket.destroy();
    logRefused(services, error, request);
    return;
  }
  refuseOnSocket(services, socket, error, request);
}

function clientErrorOf(err: Error & { code?: string; reason?: string }): RejectedRequestError {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new RejectedRequestError('requestTimeout', 'the request head did not arrive in time', err);
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return new RejectedRequestError('headersTooLarge', 'the request head (request line and header fields) is too large', err);
  }
  const reason = err.reason ?? err.message;
  return new RejectedRequestError('badRequest', `malformed HTTP request${err.code !== undefined ? ` (${err.code})` : ''}: ${reason}`, err);
}
