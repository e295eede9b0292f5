import type { IncomingMessage } from 'node:http';
import { isStranglerHeader, startsWithLower } from '../http/headers.js';
import { isValidTraceparent } from '../tracing/propagation.js';
import { RejectedRequestError } from './errors.js';

/** What the front door made of a request's head (see `admitRequest`). */
export interface Admission {
  /** Set when the request is refused (400 for its Host): nothing else ran. */
  rejected: RejectedRequestError | undefined;
  /** The `x-strangler-*` field names the client sent (lower case), now removed; undefined when none. */
  stripped: string[] | undefined;
  /** True when the client's `traceparent` was invalid and was removed with its `tracestate`. */
  droppedTraceparent: boolean;
}

/**
 * `Host`'s value: `uri-host [ ":" port ]` (RFC 9112 §3.2, RFC 3986 §3.2.2): an IP literal in brackets or a
 * reg-name (unreserved, percent-encoded and sub-delims characters), possibly empty.
 */
const HOST_VALUE = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]*)(?::[0-9]*)?$/;

/**
 * The front door: every request (and WebSocket handshake) passes here before anything reads its headers, so the
 * monolith, the Lambda event, shadow calls, second writes, the stage resolver and the logs all see the same head.
 * In one pass over node's `rawHeaders`:
 * - **Host**: an HTTP/1.1 request without one, any request with more than one Host field line, or an invalid Host
 *   value is refused (RFC 9112 §3.2 requires a 400, https://www.rfc-editor.org/rfc/rfc9112#section-3.2); node
 *   would otherwise keep the first and the Lambda event would get `host: "a,b"`.
 * - **`x-strangler-*`**: removed (only the proxy sets these; the proxy adds its own markers after this, e.g.
 *   `x-strangler-shadow: 1` on shadow calls, which is why a function may trust the dry-run marker).
 * - **`traceparent`**: an invalid one is removed with its `tracestate`, so the trace restarts
 *   (https://www.w3.org/TR/trace-context/#traceparent-header).
 * - **`x-request-id`**: set to the request's id (the client's valid id, else a new UUID), so every side sees the
 *   id the logs and the response carry.
 * Mutates `req.headers` and `req.rawHeaders` only when something changes; the usual request costs a loop over its
 * field names without allocation, plus one appended `x-request-id` when the client sent none.
 * @example
 *   const admission = admitRequest(req, id);
 *   if (admission.rejected !== undefined) return reject(admission.rejected);
 */
export function admitRequest(req: IncomingMessage, id: string): Admission {
  const raw = req.rawHeaders;
  let hosts = 0;
  let host: string | undefined;
  let stripped: string[] | undefined;
  let ids = 0;
  let idMatches = true;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const length = name.length;
    if (length === 4 && startsWithLower(name, 'host')) {
      hosts++;
      host = raw[i + 1];
    } else if (length === 12 && startsWithLower(name, 'x-request-id')) {
      ids++;
      if (raw[i + 1] !== id) idMatches = false;
    } else if (isStranglerHeader(name)) {
      (stripped ??= []).push(name.toLowerCase());
    }
  }
  const admission: Admission = { rejected: undefined, stripped, droppedTraceparent: false };
  if (hosts > 1) {
    admission.rejected = new RejectedRequestError('badHost', `the request has ${hosts} Host header fields; exactly one is allowed (RFC 9112 §3.2)`);
    return admission;
  }
  if (hosts === 0 && req.httpVersion === '1.1') {
    admission.rejected = new RejectedRequestError('badHost', 'an HTTP/1.1 request must have a Host header field (RFC 9112 §3.2)');
    return admission;
  }
  if (host !== undefined && !HOST_VALUE.test(host)) {
    admission.rejected = new RejectedRequestError('badHost', 'the Host header field is not a valid host[:port] (RFC 9112 §3.2)');
    return admission;
  }

  const headers = req.headers;
  const traceparent = headers.traceparent;
  const dropTrace = traceparent !== undefined && !isValidTraceparent(Array.isArray(traceparent) ? traceparent.join(',') : traceparent);
  admission.droppedTraceparent = dropTrace;
  if (stripped === undefined && !dropTrace && ids === 1 && idMatches) return admission;
  if (stripped === undefined && !dropTrace && ids === 0) {
    // The usual request: no id of its own, nothing to remove.
    raw.push('x-request-id', id);
    headers['x-request-id'] = id;
    return admission;
  }
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    if (lower === 'x-request-id' || isStranglerHeader(lower)) continue;
    if (dropTrace && (lower === 'traceparent' || lower === 'tracestate')) continue;
    kept.push(raw[i]!, raw[i + 1]!);
  }
  kept.push('x-request-id', id);
  req.rawHeaders = kept;
  if (stripped !== undefined) for (const name of stripped) delete headers[name];
  if (dropTrace) {
    delete headers.traceparent;
    delete headers.tracestate;
  }
  headers['x-request-id'] = id;
  return admission;
}
