import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';

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

/** The `traceparent`/`tracestate` a request (or a shadow call) carries; undefined without a traceparent. */
export function traceHeadersOf(headers: HeaderCarrier): Record<string, string> | undefined {
  const traceparent = headerGetter.get(headers, 'traceparent');
  const tp = Array.isArray(traceparent) ? traceparent[0] : traceparent;
  if (tp === undefined || tp === '') return undefined;
  const tracestate = headerGetter.get(headers, 'tracestate');
  const ts = Array.isArray(tracestate) ? tracestate.join(',') : tracestate;
  return ts === undefined || ts === '' ? { traceparent: tp } : { traceparent: tp, tracestate: ts };
}

/**
 * An invoke's client context with the trace added under `custom` (`custom.traceparent`, `custom.tracestate`), next
 * to what it already had (pure). `context.clientContext.custom.traceparent` in a Node function.
 * @example
 *   clientContextWithTrace({ custom: { 'x-strangler-shadow': '1' } }, { traceparent: '00-…-01' })
 *   // → { custom: { 'x-strangler-shadow': '1', traceparent: '00-…-01' } }
 */
export function clientContextWithTrace(
  clientContext: Record<string, unknown> | undefined,
  trace: Record<string, string> | undefined,
): Record<string, unknown> | undefined {
  if (trace === undefined) return clientContext;
  const custom: Record<string, unknown> = { ...((clientContext?.custom as Record<string, unknown> | undefined) ?? {}), traceparent: trace.traceparent };
  if (trace.tracestate !== undefined && trace.tracestate.length <= MAX_TRACESTATE) custom.tracestate = trace.tracestate;
  return { ...clientContext, custom };
}
