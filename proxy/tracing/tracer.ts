import { ROOT_CONTEXT, SpanKind, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { Logger } from 'pino';
import type { TracingConfig } from './config.js';
import { headerGetter, headerSetter, type HeaderCarrier } from './propagation.js';

/** Instrumentation scope of the proxy's spans. */
export const TRACER_NAME = 'strangler';
/** How often a failing export is logged at most (the collector being down must not flood the log). */
const EXPORT_ERROR_LOG_MS = 60_000;

/** A started client span and the headers that carry it to the callee. */
export interface ClientSpan {
  readonly span: Span;
  /** `traceparent` (and `tracestate` when the trace has one) naming this span as the parent. */
  readonly headers: Record<string, string>;
}

/**
 * One proxy's tracing: its own tracer provider (never registered globally, so proxies in one process — tests
 * start many — do not share or leak spans), a batch exporter to OTLP/HTTP JSON, a parent-based ratio sampler,
 * and the W3C Trace Context propagator (https://www.w3.org/TR/trace-context/). Contexts are passed explicitly:
 * no global context manager is needed or installed.
 * @example
 *   const tracing = new ProxyTracing({ url: 'http://127.0.0.1:4318/v1/traces', serviceName: 'shop', sampleRatio: 1, source: 'plan' }, logger);
 *   const parent = tracing.extract(req.headers);
 *   const span = tracing.startSpan('GET /products', SpanKind.SERVER, parent);
 *   await tracing.shutdown();
 */
export class ProxyTracing {
  readonly tracer: Tracer;
  readonly propagator = new W3CTraceContextPropagator();
  private readonly provider: BasicTracerProvider;
  private closing: Promise<void> | undefined;

  constructor(
    readonly config: TracingConfig,
    logger: Logger,
    options: { exporter?: SpanExporter; scheduledDelayMillis?: number } = {},
  ) {
    const exporter = loggingExporter(options.exporter ?? new OTLPTraceExporter({ url: config.url }), logger);
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': config.serviceName }),
      // A caller that sampled (or dropped) the trace decides; new traces are kept at `sampleRatio`.
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
      spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: options.scheduledDelayMillis ?? 2_000 })],
    });
    this.tracer = this.provider.getTracer(TRACER_NAME);
  }

  /** The caller's trace context from request headers (`traceparent`, `tracestate`); ROOT when there is none. */
  extract(headers: HeaderCarrier): Context {
    return this.propagator.extract(ROOT_CONTEXT, headers, headerGetter);
  }

  /** Starts a span under `parent` (a context, not the process-wide active one). */
  startSpan(name: string, kind: SpanKind, parent: Context, attributes?: Attributes): Span {
    return this.tracer.startSpan(name, { kind, attributes }, parent);
  }

  /** Starts a CLIENT span under `parent` and the headers that continue the trace at the callee. */
  startClient(name: string, parent: Context, attributes?: Attributes): ClientSpan {
    const span = this.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
    const headers: Record<string, string> = {};
    this.inject(trace.setSpan(parent, span), headers);
    return { span, headers };
  }

  /** Writes `traceparent`/`tracestate` for `context` into `carrier` (replacing the caller's). */
  inject(context: Context, carrier: HeaderCarrier): void {
    this.propagator.inject(context, carrier, headerSetter);
  }

  /** Sends the spans still buffered. */
  flush(): Promise<void> {
    return this.provider.forceFlush();
  }

  /** Flushes and stops the exporter. Idempotent. */
  shutdown(): Promise<void> {
    this.closing ??= this.provider.shutdown().catch(() => {});
    return this.closing;
  }
}

/** The exporter, with failed exports logged (at most once a minute) instead of dropped silently. */
function loggingExporter(inner: SpanExporter, logger: Logger): SpanExporter {
  let lastLogged = -Infinity;
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
      inner.export(spans, (result) => {
        if (result.code !== ExportResultCode.SUCCESS && performance.now() - lastLogged > EXPORT_ERROR_LOG_MS) {
          lastLogged = performance.now();
          logger.warn({ event: 'tracing.export', err: result.error, spans: spans.length }, 'span export failed; spans dropped');
        }
        done(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}
