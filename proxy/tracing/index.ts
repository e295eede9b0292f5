/**
 * Tracing: W3C Trace Context across the proxy, the monolith, the Lambda functions and shadow calls, with spans
 * exported over OTLP/HTTP when the plan (`tracing:`) or the environment (`OTEL_EXPORTER_OTLP_*`) asks for it.
 */
export { TracingSchema, DEFAULT_SERVICE_NAME, DEFAULT_SAMPLE_RATIO, type TracingSettings } from '../schemas/tracing.js';
export { resolveTracing, tracesUrl, type TracingConfig } from './config.js';
export { ProxyTracing, TRACER_NAME, type ClientSpan } from './tracer.js';
export { RequestTrace, ATTR, endClient, endInvoke, type InvokeEnd, type TracedExchange, type ShadowCallEnd } from './request-trace.js';
export { startTracing } from './start.js';
export {
  clientContextWithTrace,
  encodedClientContextSize,
  headerGetter,
  headerSetter,
  isValidTraceparent,
  traceHeadersOf,
  withTraceHeaders,
  type HeaderCarrier,
} from './propagation.js';
export { TracingConfigError, TRACING_ERROR_CODES } from './errors.js';
