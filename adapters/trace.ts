import type * as Api from '@opentelemetry/api';
import type { RawHeaders } from './events/http.js';

/**
 * Continuing the caller's trace inside the function. The proxy (proxy/tracing) sends the W3C Trace Context
 * (https://www.w3.org/TR/trace-context/) both as `traceparent`/`tracestate` event headers and as
 * `custom.traceparent` in the invoke's client context; the adapter runs the app inside that context, so spans the
 * app starts with `@opentelemetry/api` join the proxy's trace.
 *
 * Cold starts matter in a function: `@opentelemetry/api` (and `@opentelemetry/core` for the W3C propagator when
 * no global propagator is registered) are imported lazily, only for an invocation that carries a `traceparent`,
 * and the function runs unchanged when they are not installed.
 */

/** The caller's trace headers, lower-case names. */
export interface IncomingTrace {
  traceparent: string;
  tracestate?: string;
}

/**
 * The caller's `traceparent` (and `tracestate`) from the request's headers, else from the Lambda client context
 * (`custom.traceparent`; Node's runtime parses it into `context.clientContext`). Pure; undefined when neither has one.
 * @example
 *   incomingTrace(['traceparent', '00-4bf9…-00f0…-01'], undefined) // → { traceparent: '00-4bf9…-00f0…-01' }
 */
export function incomingTrace(headers: RawHeaders, clientContext: unknown): IncomingTrace | undefined {
  let traceparent: string | undefined;
  let tracestate: string | undefined;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!;
    if (name.length === 11 && name.toLowerCase() === 'traceparent') traceparent ??= headers[i + 1];
    else if (name.length === 10 && name.toLowerCase() === 'tracestate')
      tracestate = tracestate === undefined ? headers[i + 1] : `${tracestate},${headers[i + 1]}`;
  }
  if (traceparent === undefined && clientContext !== null && typeof clientContext === 'object') {
    // Mobile SDKs wrote `Custom`; the proxy writes `custom`.
    const custom = (clientContext as { custom?: unknown; Custom?: unknown }).custom ?? (clientContext as { Custom?: unknown }).Custom;
    if (custom !== null && typeof custom === 'object') {
      const tp = (custom as Record<string, unknown>).traceparent;
      const ts = (custom as Record<string, unknown>).tracestate;
      if (typeof tp === 'string') traceparent = tp;
      if (typeof ts === 'string') tracestate = ts;
    }
  }
  if (traceparent === undefined) return undefined;
  return tracestate === undefined ? { traceparent } : { traceparent, tracestate };
}

interface Otel {
  api: typeof Api;
  /** The W3C propagator when no global one is registered; null when @opentelemetry/core is not installed. */
  w3c: Api.TextMapPropagator | null;
}

let loading: Promise<Otel | null> | undefined;

/** `@opentelemetry/api` (and core's W3C propagator), loaded once; null when the API is not installed. */
function loadOtel(): Promise<Otel | null> {
  loading ??= (async () => {
    let api: typeof Api;
    try {
      api = (await import('@opentelemetry/api')) as typeof Api;
    } catch {
      return null;
    }
    let w3c: Api.TextMapPropagator | null = null;
    try {
      const core = (await import('@opentelemetry/core')) as { W3CTraceContextPropagator: new () => Api.TextMapPropagator };
      w3c = new core.W3CTraceContextPropagator();
    } catch {
      // Without core, only a globally registered propagator can extract the context.
    }
    return { api, w3c };
  })();
  return loading;
}

/**
 * Runs `fn` inside the caller's trace context: the active span context is the caller's (the proxy's invoke
 * span), so `trace.getActiveSpan()?.spanContext()` gives its trace id and new spans become its children. The context
 * follows async code only when the function registers an OTel context manager (any OTel SDK for Node does).
 * Left alone: no incoming trace, no `@opentelemetry/api`, or a span already active (a Lambda instrumentation such
 * as the ADOT layer made one for this invocation and chose its parent itself).
 */
export async function runInIncomingTrace<T>(incoming: IncomingTrace | undefined, fn: () => Promise<T>): Promise<T> {
  if (incoming === undefined) return fn();
  const otel = await loadOtel();
  if (otel === null) return fn();
  const { api, w3c } = otel;
  const active = api.context.active();
  if (api.trace.getSpan(active) !== undefined) return fn();
  const carrier: Record<string, string> = { ...incoming };
  // A registered global propagator (the app's SDK) decides the format; otherwise W3C Trace Context.
  const global = api.propagation.fields().length > 0;
  let extracted: Api.Context;
  if (global) extracted = api.propagation.extract(active, carrier);
  else if (w3c !== null) extracted = w3c.extract(active, carrier, api.defaultTextMapGetter);
  else return fn();
  if (api.trace.getSpanContext(extracted) === undefined) return fn();
  return api.context.with(extracted, fn);
}
