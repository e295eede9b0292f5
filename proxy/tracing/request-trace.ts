import { SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import type { HeaderCarrier } from './propagation.js';
import type { ClientSpan, ProxyTracing } from './tracer.js';

/**
 * What the request's span reads from the exchange when it ends (a structural subset of proxy/server's Exchange, so
 * this folder does not import the server).
 */
export interface TracedExchange {
  readonly id: string;
  readonly req: IncomingMessage;
  readonly route: { id: string; match: { path: string } } | null;
  readonly decision: { stage: string; source: string } | null;
  readonly servedBy: string;
  readonly errorCode: string | undefined;
  readonly logFields: Record<string, unknown> | undefined;
  readonly clientGone: boolean;
}

/** Span attribute names beyond the OTel HTTP semantic conventions (https://opentelemetry.io/docs/specs/semconv/http/http-spans/). */
export const ATTR = {
  routeId: 'strangler.route.id',
  stage: 'strangler.stage',
  stageSource: 'strangler.stage.source',
  servedBy: 'strangler.served_by',
  fallbackReason: 'strangler.fallback.reason',
  requestId: 'strangler.request_id',
  side: 'strangler.side',
  shadow: 'strangler.shadow',
  shadowNoise: 'strangler.shadow.noise',
  coldStart: 'strangler.lambda.cold_start',
  initDurationMs: 'strangler.lambda.init_duration_ms',
  billedDurationMs: 'strangler.lambda.billed_duration_ms',
  errorCode: 'strangler.error.code',
} as const;

/** How a shadow call ended, for its span. */
export interface ShadowCallEnd {
  status?: number;
  errorCode?: string;
}

/**
 * The trace of one proxied request: its SERVER span (continuing the caller's `traceparent`, or a new trace) and
 * the CLIENT spans of the calls it makes: the monolith, the Lambda invoke, shadow calls. Created only when tracing
 * is on; with tracing off the exchange has none and nothing here runs.
 */
export class RequestTrace {
  /** The request's SERVER span. */
  readonly span: Span;
  /** The context whose active span is the request's span: the parent of every call made for the request. */
  readonly context: Context;
  private monolith: Span | undefined;
  private ended = false;

  constructor(
    readonly tracing: ProxyTracing,
    req: IncomingMessage,
    requestId: string,
  ) {
    const parent = tracing.extract(req.headers);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const method = req.method ?? 'GET';
    this.span = tracing.startSpan(method, SpanKind.SERVER, parent, {
      'http.request.method': method,
      'url.path': q === -1 ? url : url.slice(0, q),
      'url.scheme': (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http',
      'network.protocol.version': req.httpVersion,
      ...(req.socket.remoteAddress !== undefined ? { 'client.address': req.socket.remoteAddress } : {}),
      ...(req.headers['user-agent'] !== undefined ? { 'user_agent.original': req.headers['user-agent'] } : {}),
      [ATTR.requestId]: requestId,
    });
    this.context = trace.setSpan(parent, this.span);
  }

  /** The trace id (32 hex digits), for logs. */
  get traceId(): string {
    return this.span.spanContext().traceId;
  }

  /** Starts a CLIENT span under the request's span; its headers carry it to the callee. */
  startClient(name: string, attributes?: Attributes): ClientSpan {
    return this.tracing.startClient(name, this.context, attributes);
  }

  /**
   * The monolith call starts: a CLIENT span, and `traceparent`/`tracestate` in the forwarded headers naming it as
   * the parent (the caller's own values are replaced; their trace id and `tracestate` live on in ours).
   */
  startMonolith(headers: HeaderCarrier, method: string, url: string): void {
    // A retried request keeps its span (one logical call).
    if (this.monolith !== undefined) {
      Object.assign(headers, traceHeaders(this.tracing, this.context, this.monolith));
      return;
    }
    const target = safeUrl(url);
    const client = this.startClient(method, {
      'http.request.method': method,
      [ATTR.side]: 'monolith',
      ...(target !== undefined
        ? { 'server.address': target.hostname, 'server.port': Number(target.port || (target.protocol === 'https:' ? 443 : 80)), 'url.full': url }
        : {}),
    });
    this.monolith = client.span;
    Object.assign(headers, client.headers);
  }

  /** The monolith answered with `status` (its body may still be streaming). */
  monolithStatus(status: number): void {
    const span = this.monolith;
    if (span === undefined) return;
    span.setAttribute('http.response.status_code', status);
    // Client spans: 4xx and 5xx are errors (HTTP semantic conventions, "Status").
    if (status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
  }

  /** The monolith call is over (response complete, failed or abandoned). Idempotent. */
  endMonolith(errorCode?: string): void {
    const span = this.monolith;
    if (span === undefined || !span.isRecording()) return;
    if (errorCode !== undefined) {
      span.setAttribute('error.type', errorCode);
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode });
    }
    span.end();
  }

  /**
   * The Lambda invoke starts: a CLIENT span `Lambda.Invoke <function>` (OTel FaaS client conventions), whose
   * headers go into the event and whose `traceparent` goes into the client context.
   */
  startInvoke(functionName: string, qualifier: string | undefined, region: string | undefined): ClientSpan {
    return this.startClient(`Lambda.Invoke ${functionName}`, {
      [ATTR.side]: 'lambda',
      'faas.invoked_name': functionName,
      'faas.invoked_provider': 'aws',
      ...(region !== undefined ? { 'faas.invoked_region': region } : {}),
      ...(qualifier !== undefined ? { 'aws.lambda.qualifier': qualifier } : {}),
      'rpc.system': 'aws-api',
      'rpc.service': 'Lambda',
      'rpc.method': 'Invoke',
    });
  }

  /**
   * A tracer for the shadow calls of this request: each call gets a CLIENT span under the request's span, marked
   * `strangler.shadow: true`, and trace headers naming it. Shadows run after the client's answer, so their spans may
   * start after the request's span ended (the parent link is what matters).
   */
  shadowTracer(): (side: string, headers: HeaderCarrier, noise: boolean) => (end: ShadowCallEnd) => void {
    return (side, headers, noise) => {
      const client = this.startClient(`shadow ${side}`, {
        [ATTR.shadow]: true,
        [ATTR.side]: side,
        ...(noise ? { [ATTR.shadowNoise]: true } : {}),
      });
      Object.assign(headers, client.headers);
      return (end) => endClient(client.span, end.status, end.errorCode);
    };
  }

  /** The response is done (or the client left): the request span gets its outcome and ends. Idempotent. */
  end(ex: TracedExchange, status: number): void {
    if (this.ended) return;
    this.ended = true;
    this.endMonolith(ex.clientGone ? 'client-gone' : undefined);
    const span = this.span;
    if (!span.isRecording()) return;
    const method = ex.req.method ?? 'GET';
    const attributes: Attributes = { 'http.response.status_code': status, [ATTR.servedBy]: ex.servedBy };
    if (ex.route !== null) {
      attributes['http.route'] = ex.route.match.path;
      attributes[ATTR.routeId] = ex.route.id;
      span.updateName(`${method} ${ex.route.match.path}`);
    }
    if (ex.decision !== null) {
      attributes[ATTR.stage] = ex.decision.stage;
      attributes[ATTR.stageSource] = ex.decision.source;
    }
    const fields = ex.logFields;
    if (fields !== undefined) {
      const reason = fields.fallbackReason ?? fields.fallback;
      if (typeof reason === 'string') attributes[ATTR.fallbackReason] = reason;
      if (typeof fields.coldStart === 'boolean') attributes[ATTR.coldStart] = fields.coldStart;
    }
    if (ex.errorCode !== undefined) {
      attributes[ATTR.errorCode] = ex.errorCode;
      attributes['error.type'] = ex.errorCode;
    }
    span.setAttributes(attributes);
    // Server spans: only 5xx (and a client that left before an answer) are errors (HTTP semantic conventions).
    if (status >= 500 || status === 499) span.setStatus({ code: SpanStatusCode.ERROR, ...(ex.errorCode !== undefined ? { message: ex.errorCode } : {}) });
    span.end();
  }
}

/** Ends a CLIENT span with the callee's status or the failure's code. */
export function endClient(span: Span, status: number | undefined, errorCode: string | undefined): void {
  if (status !== undefined) {
    span.setAttribute('http.response.status_code', status);
    if (status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
  }
  if (errorCode !== undefined) {
    span.setAttribute('error.type', errorCode);
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode });
  }
  span.end();
}

function traceHeaders(tracing: ProxyTracing, parent: Context, span: Span): Record<string, string> {
  const headers: Record<string, string> = {};
  tracing.inject(trace.setSpan(parent, span), headers);
  return headers;
}

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** How an invoke ended, for its span. */
export interface InvokeEnd {
  errorCode?: string | undefined;
  /** From the REPORT line, when the log tail was asked for. */
  report?: { coldStart: boolean; initDurationMs: number | undefined; billedDurationMs: number } | undefined;
}

/** Ends a `Lambda.Invoke` span with the failure's code and the REPORT line's cold start and billing. */
export function endInvoke(span: Span, end: InvokeEnd): void {
  const r = end.report;
  if (r !== undefined) {
    span.setAttribute(ATTR.coldStart, r.coldStart);
    span.setAttribute(ATTR.billedDurationMs, r.billedDurationMs);
    if (r.initDurationMs !== undefined) span.setAttribute(ATTR.initDurationMs, r.initDurationMs);
  }
  endClient(span, undefined, end.errorCode);
}
