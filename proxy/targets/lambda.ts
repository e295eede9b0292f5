import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { HeaderPairs, LambdaHttpResponse } from '../../adapters/events/index.js';
import { REJECTED } from '../fallback/breaker.js';
import { classifyOutcome } from '../fallback/classify.js';
import { fallsBack, mayFallBack } from '../fallback/decide.js';
import { LambdaFailure } from '../fallback/errors.js';
import { forwardResponseHeaders } from '../http/headers.js';
import type { Route } from '../plan/schema.js';
import type { Exchange } from '../exchange/exchange.js';
import type { ProxyServices } from '../services/index.js';
import type { ShadowDecision } from '../shadow/runner/decide.js';
import { handOverShadow } from './shadow-serve.js';
import { invocationOutcome, parseLogResult } from '../lambda-health/index.js';
import { clientContextWithTrace, endInvoke, traceHeadersOf, withTraceHeaders } from '../tracing/index.js';
import { readBody } from './body.js';
import { createLambdaClient, type LambdaConfig } from './client.js';
import { headerBag, routeEventPayload, SYNC_PAYLOAD_LIMIT } from './event.js';
import { invokeRoute } from './invoke.js';
import type { InvokeOptions, LambdaInvoker, RouteInvocation } from '../services/invoker.js';

/** The Lambda target's per-request state, passed along its async steps (never stored on the exchange). */
interface LambdaRequestState {
  /** Aborts the invocation; it is also the exchange's `inFlight` (the client went away). */
  controller: AbortController;
  fallbackAllowed: boolean;
  shadow: ShadowDecision;
  /** How long the invocation took. */
  lambdaMs: number | undefined;
  /** What the dispatch does next (fallback, second write). */
  next: LambdaNext;
}

/**
 * What the dispatch (proxy/server/dispatch.ts) does once the Lambda target is done with a request: the target
 * never calls another target. One object per plan generation (no closure per request).
 */
export interface LambdaNext {
  /**
   * The Lambda failed and the request may fall back: another side serves it. `read` is the body read so far
   * (undefined: nothing was read, the client's request streams as it is).
   */
  fallBack(ex: Exchange, read: ReadSoFar | undefined): void;
  /** The function's answer reached the client (`status` 0: it was a failure served as it is): dual writes go on. */
  answered(ex: Exchange, body: Buffer, status: number): void;
}

/** The request body as far as the Lambda target read it: `bodyContinues` when the rest is still in the request. */
export interface ReadSoFar {
  body: Buffer;
  bodyContinues?: boolean;
}

/**
 * Serves routes in `live`, `rampdown` and `complete` from their Lambda function (proxy/server/dispatch.ts):
 * buffers the request (it goes into the event), builds the route's API Gateway event (adapters/events: the
 * contract the adapters decode), invokes through the route's circuit breaker with the route's deadline, and
 * answers with the decoded result. A failure is classified once (proxy/fallback/classify.ts); when the stage and
 * the method allow it (proxy/fallback/decide.ts) the buffered request is replayed to the monolith by the monolith
 * target, with `x-strangler-fallback: <code>`; otherwise the client gets the coded error and the monolith is not
 * called.
 */
export class LambdaTarget implements LambdaInvoker {
  readonly side = 'lambda' as const;
  readonly client: LambdaClient;
  private readonly ownsClient: boolean;

  constructor(
    readonly config: LambdaConfig,
    private readonly services: ProxyServices,
  ) {
    const lambda = services.lambda;
    this.ownsClient = lambda.options.client === undefined;
    this.client = lambda.options.client ?? createLambdaClient(config);
  }

  /** Answers the client from the route's function; `next` is what the dispatch does after (fallback, second write). */
  serve(ex: Exchange, next: LambdaNext): void {
    const route = ex.route;
    if (route === null) {
      // Only matched routes have a stage; nothing else can plan a Lambda answer.
      next.fallBack(ex, undefined);
      return;
    }
    const method = ex.req.method ?? 'GET';
    ex.servedBy = 'lambda';
    // `live` shadows to the monolith; for unsafe methods (`ex.plan.shadow` null) the service counts the `unsafe` skip.
    const shadow =
      (ex.plan.shadow === 'monolith' || ex.decision?.stage === 'live') && this.services.shadow !== undefined && ex.decision !== null
        ? this.services.shadow.decide(route.id, method, ex.decision.stage)
        : NO_SHADOW;
    const state: LambdaRequestState = {
      controller: new AbortController(),
      fallbackAllowed: mayFallBack(ex.plan, route, method, ex.headers),
      shadow,
      lambdaMs: undefined,
      next,
    };
    ex.inFlight = state.controller;

    const breaker = this.services.lambda.breakers.for(route);
    // Decided before the body is read: an open breaker or an oversized request never waits for an upload.
    if (!breaker.allows()) {
      this.failed(ex, route, state, new LambdaFailure('breakerOpen', `the circuit breaker of route ${route.id} is open`), undefined);
      return;
    }
    if (Number(ex.headers['content-length'] ?? 0) > SYNC_PAYLOAD_LIMIT) {
      this.failed(ex, route, state, tooLarge(route), undefined);
      return;
    }
    // What was read, for the fallback of an unexpected error (the client's request cannot be streamed again).
    let readSoFar: ReadSoFar | undefined;
    void readBody(ex.req, SYNC_PAYLOAD_LIMIT)
      .then(async (read) => {
        if (read.kind === 'gone' || ex.finished) return;
        // Past the limit reading stopped (memory stays bounded whatever the framing): a fallback streams the rest of
        // the client's body after the part read, a refusal discards it (Exchange.fail).
        if (read.kind === 'over') {
          readSoFar = { body: read.prefix, bodyContinues: true };
          return this.failed(ex, route, state, tooLarge(route), readSoFar);
        }
        const body = read.body;
        readSoFar = { body };
        // Tracing on: an Invoke span, named as the parent in the event's headers and the client context
        // (proxy/tracing); off: the caller's trace headers, if any, go through as they came.
        const invokeSpan = ex.trace?.startInvoke(route.function.name, route.function.qualifier, this.config.region);
        const traceHeaders = invokeSpan !== undefined ? invokeSpan.headers : traceHeadersOf(ex.headers);
        const rawHeaders = ex.req.rawHeaders;
        const payload = routeEventPayload(ex.facts(), invokeSpan === undefined ? rawHeaders : withTraceHeaders(rawHeaders, invokeSpan.headers), body);
        // The limit applies to the whole payload: the body after base64 plus the event around it.
        if (payload.length > SYNC_PAYLOAD_LIMIT) return this.failed(ex, route, state, tooLarge(route), { body });
        const result = await breaker.run(() => this.invoke(route, method, payload, { signal: state.controller.signal, traceHeaders }));
        if (invokeSpan !== undefined) {
          endInvoke(
            invokeSpan.span,
            result === REJECTED
              ? { errorCode: 'STRANGLER_BREAKER_OPEN' }
              : { errorCode: result.classification.ok ? undefined : result.classification.failure.code, report: result.report },
          );
        }
        if (ex.finished || ex.clientGone) return;
        if (result === REJECTED)
          return this.failed(ex, route, state, new LambdaFailure('breakerOpen', `the circuit breaker of route ${route.id} is open`), { body });
        // The request's log line says whether this was a cold start, and the billed duration (what `strangler analyze`
        // prices), when the log tail told (proxy/lambda-health).
        if (result.report !== undefined) {
          ex.logFields = {
            ...ex.logFields,
            coldStart: result.report.coldStart,
            lambdaBilledMs: result.report.billedDurationMs,
            ...(result.report.initDurationMs !== undefined ? { lambdaInitMs: result.report.initDurationMs } : {}),
          };
        }
        state.lambdaMs = result.outcome.durationMs;
        const c = result.classification;
        if (!c.ok) return this.failed(ex, route, state, c.failure, { body }, c.response);
        this.answer(ex, route, state, c.response, body);
      })
      .catch((err: unknown) => {
        this.services.logger.error({ err, routeId: route.id, requestId: ex.id }, 'lambda target failed');
        // The monolith target took the request already: sending it a second time could repeat an effect.
        if (ex.servedBy !== 'lambda') return;
        this.failed(
          ex,
          route,
          state,
          new LambdaFailure('network', `internal error invoking ${route.function.name}`, { cause: err, countsForBreaker: false }),
          readSoFar,
        );
      });
  }

  /**
   * Invokes the route's function with an already built event and classifies the outcome: the live path and the
   * shadow path (./shadow-call.ts) both come through here into `invokeRoute`.
   */
  async invoke(route: Route, method: string, payload: Uint8Array, options: InvokeOptions = {}): Promise<RouteInvocation> {
    const outcome = await invokeRoute(this.client, {
      functionName: route.function.name,
      qualifier: route.function.qualifier,
      payload,
      timeoutMs: route.timeoutMs,
      signal: options.signal,
      // Route `function.logTail`, else plan `lambda.logTail` (or the programmatic option).
      logTail: route.function.logTail ?? (this.config.logTail || this.services.lambda.options.logTail === true),
      clientContext: clientContextWithTrace(options.clientContext, options.traceHeaders),
    });
    const classification = classifyOutcome({ route, method, outcome }, this.services.lambda.options.classify);
    // Cold starts and Lambda health per route (proxy/lambda-health): every invocation, shadows included.
    const report = outcome.kind === 'result' ? parseLogResult(outcome.logResult) : undefined;
    const label = invocationOutcome({
      ok: classification.ok,
      failureKind: classification.ok ? undefined : classification.failure.kind,
      aborted: outcome.kind === 'error' && outcome.aborted,
    });
    if (label !== null) this.services.lambdaHealth.record({ route: route.id, outcome: label, report });
    return { outcome, classification, breakerFailure: !classification.ok && classification.failure.countsForBreaker, report };
  }

  close(): void {
    if (this.ownsClient) this.client.destroy();
  }

  /** Writes the function's answer. */
  private answer(ex: Exchange, route: Route, state: LambdaRequestState, response: LambdaHttpResponse, body: Buffer, failure?: LambdaFailure): void {
    const res = ex.res;
    if (res.headersSent || res.destroyed) return;
    const headers = forwardResponseHeaders(flatten(response.headers), ex.responseHeaders());
    ex.logFields = { ...ex.logFields, lambdaMs: round(state.lambdaMs) };
    try {
      res.writeHead(response.statusCode, headers);
    } catch (err) {
      // A header value node refuses (control characters): what API Gateway answers 502 to as well.
      this.failed(
        ex,
        route,
        state,
        new LambdaFailure('badResponse', `${route.function.name} returned an invalid header: ${(err as Error).message}`, { cause: err }),
        { body },
      );
      return;
    }
    ex.sentHeaders = headers;
    if (failure !== undefined) ex.errorCode = failure.code;
    res.end(response.body);
    this.record(ex, route, { failed: failure !== undefined, fellBack: false });
    // `live`, `rampdown` on `writes: dual` routes: the monolith gets the write second (proxy/targets/second-write.ts).
    state.next.answered(ex, body, failure === undefined ? response.statusCode : 0);
    if (state.shadow.shadow && state.shadow.served === 'lambda') this.shadowAfter(ex, route, state.shadow, response, body, state.lambdaMs ?? 0);
  }

  /**
   * A failure: replay to the monolith when allowed (proxy/fallback/decide.ts; throttles always may), else the coded
   * error, or the function's own 5xx for STRANGLER_LAMBDA_STATUS (it ran: its answer is served, counted as a failure).
   * `read` is the body read so far (undefined: nothing was read, the monolith target streams the client's request).
   */
  private failed(
    ex: Exchange,
    route: Route,
    state: LambdaRequestState,
    failure: LambdaFailure,
    read: ReadSoFar | undefined,
    response?: LambdaHttpResponse,
  ): void {
    if (ex.finished || ex.clientGone || ex.res.headersSent) return;
    const metrics = this.services.lambda.metrics;
    metrics.failure(route.id, failure.code);
    const fields: Record<string, unknown> = { ...ex.logFields, lambdaError: failure.code, lambdaErrorMessage: failure.message };
    if (state.lambdaMs !== undefined) fields.lambdaMs = round(state.lambdaMs);
    ex.logFields = fields;
    // Automatic rollback judges the function: the client's own input (a request too large, an invoke Lambda rejects
    // for what it carried) or a throttle (capacity, counted in the throttle rate of `/stats` and the invocation
    // metrics) says nothing about it, and must not pin the route for everyone.
    const countsForRollback = !failure.clientCaused && failure.kind !== 'throttled';
    if (fallsBack(failure, ex.plan, state.fallbackAllowed)) {
      metrics.fallback(route.id, failure.code);
      fields.fallback = failure.code;
      ex.fallbackCode = failure.code;
      if (countsForRollback) this.record(ex, route, { failed: false, fellBack: true });
      // The monolith target streams the client's request when it was not read yet (open breaker, oversized
      // Content-Length), replays the buffered copy, or the part read followed by the rest (a chunked upload that
      // grew past the limit).
      state.next.fallBack(ex, read);
      return;
    }
    if (response !== undefined) {
      // STRANGLER_LAMBDA_STATUS without fallback: the function's own answer is still an answer.
      this.answer(ex, route, state, response, read?.body ?? Buffer.alloc(0), failure);
      return;
    }
    if (countsForRollback) this.record(ex, route, { failed: true, fellBack: false });
    ex.fail(failure);
  }

  /** Feeds automatic rollback (proxy/promotion/rollback.ts) for live/rampdown requests, shadowed or not. */
  private record(ex: Exchange, route: Route, o: { failed: boolean; fellBack: boolean }): void {
    const stage = ex.decision?.stage;
    if (this.services.rollback === undefined || (stage !== 'live' && stage !== 'rampdown')) return;
    this.services.rollback.record({ route: route.id, stage, ...o });
  }

  /** `live`: once the client has the Lambda's complete answer, the monolith gets a shadow copy for comparison. */
  private shadowAfter(
    ex: Exchange,
    route: Route,
    decision: Extract<ShadowDecision, { shadow: true }>,
    response: LambdaHttpResponse,
    body: Buffer,
    latencyMs: number,
  ): void {
    const service = this.services.shadow!;
    if (body.length > service.maxBodyBytes || response.body.length > service.maxBodyBytes) {
      service.skip(route.id, 'body-too-large');
      return;
    }
    // On `finish`, before the exchange finishes on `close`: the result joins the request's migration op event.
    ex.res.once('finish', () => {
      ex.deferSide(
        handOverShadow(
          service,
          ex,
          route.id,
          decision,
          body,
          { status: response.statusCode, headers: headerBag(response.headers), body: response.body },
          latencyMs,
        ),
      );
    });
  }
}

const NO_SHADOW: ShadowDecision = Object.freeze({ shadow: false });

function tooLarge(route: Route): LambdaFailure {
  return new LambdaFailure(
    'requestTooLarge',
    `the request does not fit in a synchronous invocation of ${route.function.name} (6 MB after base64, event included)`,
  );
}

function flatten(pairs: HeaderPairs): string[] {
  const out: string[] = [];
  for (const [name, value] of pairs) out.push(name, value);
  return out;
}

function round(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * 100) / 100;
}
