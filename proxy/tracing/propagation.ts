import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
// Lambda's limit for an invoke's `ClientContext`: 3,583 bytes once base64-encoded; over it Lambda refuses the whole
// invocation (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#lambda-Invoke-request-ClientContext).
// One constant for the proxy and the local Lambda service, which enforces it the same way.
import { CLIENT_CONTEXT_LIMIT } from '../../lambda-runtime/aws-errors.js';

/** Node's header objects: lower-case names, a value or a list (incoming), numbers allowed (outgoing). */
export type HeaderCarrier = Record<string, string | string[] | number | undefined>;

/** Reads header objects whose names are lower case (node's `req.headers`, the event contract's headers). */
export const headerGetter: TextMapGetter<HeaderCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const value = carrier[key.toLowerCase()];
    return typeof value === 'number' ? String(value) : value;
  },
};

/** Writes lower-case header names, replacing a value the caller sent. */
export const headerSetter: TextMapSetter<HeaderCarrier> = {
  set(carrier, key, value) {
    carrier[key.toLowerCase()] = value;
  },
};

/**
 * Node's flat `rawHeaders` list with the trace headers replaced: the caller's `traceparent`/`tracestate` lines are
 * dropped and `trace`'s appended (pure; the input is not changed).
 * @example
 *   withTraceHeaders(['Host', 'shop', 'traceparent', 'caller'], { traceparent: 'ours' })
 *   // → ['Host', 'shop', 'traceparent', 'ours']
 */
export function withTraceHeaders(raw: readonly string[], trace: Record<string, string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (name === 'traceparent' || name === 'tracestate') continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  for (const name in trace) out.push(name, trace[name]!);
  return out;
}

/** Longest `tracestate` copied into a client context (W3C's suggested cap; the whole context must stay under 3,583 bytes). */
const MAX_TRACESTATE = 512;

/**
 * `traceparent` as W3C Trace Context defines it (https://www.w3.org/TR/trace-context/#traceparent-header):
 * `version-traceid-parentid-flags` in lower-case hex. Version 00 has exactly these four fields; a later version may
 * add fields after a `-` (parsed like 00, the rest ignored); version ff is invalid.
 */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}(-.*)?$/;
/** Longest `traceparent` passed on: version 00 is 55 characters; later versions get room for a few more fields. */
const MAX_TRACEPARENT = 512;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/**
 * True when `value` is a `traceparent` a W3C Trace Context participant may continue. Anything else (wrong format,
 * version ff, an all-zero trace or parent id, a version-00 header with extra fields, over 512 characters) must be
 * ignored together with its `tracestate`, and the trace restarts (https://www.w3.org/TR/trace-context/#versioning-of-traceparent).
 * @example
 *   isValidTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01') // true
 *   isValidTraceparent('00-' + 'x'.repeat(3000))                                   // false
 */
export function isValidTraceparent(value: string): boolean {
  if (value.length > MAX_TRACEPARENT) return false;
  const m = TRACEPARENT.exec(value);
  if (m === null) return false;
  const [, version, traceId, parentId, rest] = m;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return false;
  return traceId !== ZERO_TRACE_ID && parentId !== ZERO_SPAN_ID;
}

/** The `traceparent`/`tracestate` a request (or a shadow call) carries; undefined without a valid traceparent. */
export function traceHeadersOf(headers: HeaderCarrier): Record<string, string> | undefined {
  const traceparent = headerGetter.get(headers, 'traceparent');
  const tp = Array.isArray(traceparent) ? traceparent[0] : traceparent;
  if (tp === undefined || !isValidTraceparent(tp)) return undefined;
  const tracestate = headerGetter.get(headers, 'tracestate');
  const ts = Array.isArray(tracestate) ? tracestate.join(',') : tracestate;
  return ts === undefined || ts === '' ? { traceparent: tp } : { traceparent: tp, tracestate: ts };
}

/** Bytes of `value` as JSON, then base64 (what `X-Amz-Client-Context` carries; at most CLIENT_CONTEXT_LIMIT). */
export function encodedClientContextSize(value: Record<string, unknown>): number {
  return Math.ceil(Buffer.byteLength(JSON.stringify(value)) / 3) * 4;
}

/**
 * An invoke's client context with the trace added under `custom` (`custom.traceparent`, `custom.tracestate`), next
 * to what it already had (pure). `context.clientContext.custom.traceparent` in a Node function. The result always
 * fits CLIENT_CONTEXT_LIMIT: the trace is what gives way (first `tracestate`, then `traceparent`), never the
 * invocation, since a client's trace headers must not be able to make an invoke fail.
 * @example
 *   clientContextWithTrace({ custom: { 'x-strangler-shadow': '1' } }, { traceparent: '00-…-01' })
 *   // → { custom: { 'x-strangler-shadow': '1', traceparent: '00-…-01' } }
 */
export function clientContextWithTrace(
  clientContext: Record<string, unknown> | undefined,
  trace: Record<string, string> | undefined,
): Record<string, unknown> | undefined {
  if (trace === undefined || !isValidTraceparent(trace.traceparent ?? '')) return clientContext;
  const custom: Record<string, unknown> = { ...((clientContext?.custom as Record<string, unknown> | undefined) ?? {}), traceparent: trace.traceparent };
  if (trace.tracestate !== undefined && trace.tracestate.length <= MAX_TRACESTATE) custom.tracestate = trace.tracestate;
  const out: Record<string, unknown> = { ...clientContext, custom };
  if (custom.tracestate !== undefined && encodedClientContextSize(out) > CLIENT_CONTEXT_LIMIT) {
    delete custom.tracestate;
  }
  return encodedClientContextSize(out) > CLIENT_CONTEXT_LIMIT ? clientContext : out;
}
