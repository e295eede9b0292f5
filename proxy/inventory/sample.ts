import type { IncomingHttpHeaders } from 'node:http';
import type { Side, TrafficSample } from '../../planner/inventory/index.js';

/**
 * What the inventory reads of a finished request: the proxy's Exchange (proxy/server/exchange.ts) has these
 * fields, and an upgrade's bookkeeping builds the same shape. Declared here so the inventory depends on no server
 * module.
 */
export interface AnsweredRequest {
  readonly req: { readonly method?: string | undefined; readonly url?: string | undefined; readonly headers: IncomingHttpHeaders };
  /** The matched plan route, or null. */
  readonly route: { readonly id: string; readonly match: { readonly path: string } } | null;
  readonly servedBy: Side;
  /** The response headers sent, as a flat `[name, value, ...]` list; undefined when none were sent. */
  readonly sentHeaders: readonly string[] | undefined;
}

/**
 * One request as a TrafficSample (pure; `template` comes from the caller: the route's pattern or the inferrer's).
 * Sizes come from `content-length`: a request without one and without `transfer-encoding` has no body (0 bytes,
 * RFC 9112 §6.3); a response without one is streamed (chunked or until close), its size unknown. Nothing of the
 * request's path, query, headers or body is kept beyond the template.
 * @example
 *   sampleOf(ex, 'GET /orders/:id', 200, 12.5, Date.now());
 */
export function sampleOf(ex: AnsweredRequest, template: string, status: number, durationMs: number, endedAt: number, upgrade = false): TrafficSample {
  const method = ex.req.method ?? 'GET';
  const sample: TrafficSample = {
    time: endedAt - durationMs,
    method,
    template,
    routeId: ex.route?.id ?? null,
    status,
    side: ex.servedBy,
    durationMs,
  };
  const reqLength = ex.req.headers['content-length'];
  if (reqLength !== undefined) {
    const n = Number(reqLength);
    if (Number.isSafeInteger(n) && n >= 0) sample.requestBytes = n;
  } else if (ex.req.headers['transfer-encoding'] === undefined) sample.requestBytes = 0;
  if (upgrade) sample.upgrade = true;
  const sent = ex.sentHeaders;
  if (sent === undefined) return sample;
  let length: string | undefined;
  let type: string | undefined;
  // Names keep the case the answering side used (undici's raw headers, a function's map): compared by length first.
  for (let i = 0; i < sent.length; i += 2) {
    const name = sent[i]!;
    if (name.length === 14 && name.toLowerCase() === 'content-length') length = sent[i + 1];
    else if (name.length === 12 && name.toLowerCase() === 'content-type') type = sent[i + 1];
  }
  if (length !== undefined) {
    const n = Number(length);
    if (Number.isSafeInteger(n) && n >= 0) sample.responseBytes = n;
  } else if (!upgrade && hasBody(method, status)) sample.streaming = true;
  if (type !== undefined && type.slice(0, 17).toLowerCase() === 'text/event-stream') sample.sse = true;
  return sample;
}

/** Whether a response may carry a body (RFC 9110 §6.4.1): not to HEAD, not 1xx, 204 or 304. */
function hasBody(method: string, status: number): boolean {
  return method !== 'HEAD' && status >= 200 && status !== 204 && status !== 304;
}
