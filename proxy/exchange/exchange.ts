import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { StranglerError } from '../errors/index.js';
import { NO_STAGE, UNMATCHED_ROUTE } from '../metrics/index.js';
import { isFallback, isThrottle } from '../stats/outcome.js';
import type { Route } from '../plan/schema.js';
import { requestFactsOf, type RequestFacts } from '../routing/facts.js';
import type { RequestTrace } from '../tracing/request-trace.js';
import type { RequestOutcome, StageDecision } from '../stages/resolver.js';
import type { RequestPlan, Side } from '../stages/plan.js';
import type { Plan } from '../plan/schema.js';
import type { ProxyServices } from '../services/index.js';
import { errorAnswer } from '../http/raw-error.js';
import { originalPath } from '../routing/request-target.js';

/** Where an Exchange is attached to node's response object: the one services `close` listener finds it there. */
export const kExchange = Symbol('strangler.exchange');

/** A node request or response carrying its Exchange. */
export interface ExchangeCarrier {
  [kExchange]?: Exchange;
}

/**
 * A side that ran after the response (a dual write's second write, a shadow call) as reported to the resolver's
 * `complete`; a shadow also brings the comparison's verdict.
 */
export type LateSide = RequestOutcome['sides'][number] & { consistent?: boolean };

/**
 * What an exchange needs of the plan generation it started under (proxy/server/generation.ts): the plan, the
 * proxy's services, and the bookkeeping call when it is done. Targets never reach the generation's other targets
 * through it: the dispatch (proxy/server/dispatch.ts) orchestrates fallback, shadows and second writes.
 */
export interface ExchangeOwner {
  readonly plan: Plan;
  readonly services: ProxyServices;
  requestDone(): void;
}

/** The plan of a request no route matched: the monolith serves it, nothing else runs. */
export const MONOLITH_ONLY: RequestPlan = Object.freeze({ serve: 'monolith', fallback: false, shadow: null, secondWrite: null });

/**
 * One client request on its way through the proxy: what matched, which stage, who serves it, and how it ended.
 * Created when the request arrives; `finish` runs once when the response is done or the client went away, and
 * writes the request's log line and metrics. Targets (proxy/server/dispatch.ts) answer through `res` and report
 * on the exchange (`servedBy`, `errorCode`, `sides`, `inFlight`).
 */
export class Exchange<Owner extends ExchangeOwner = ExchangeOwner> {
  /** The client's headers as received (the monolith target forwards a rewritten copy). */
  readonly headers: IncomingHttpHeaders;
  /** The matched plan route, or null (the monolith serves unmatched requests). */
  route: Route | null = null;
  /** Path parameters of the matched route. */
  params: Record<string, string | undefined> | null = null;
  /** The route's stage for this request, or null when unmatched (or still being decided). */
  decision: StageDecision | null = null;
  /** What the stage means for this request (who serves, what is shadowed). */
  plan: RequestPlan = MONOLITH_ONLY;
  /** The side whose answer the client gets; targets set it when they take the request. */
  servedBy: Side = 'monolith';
  /** The code of the failure that ended the request, if one did. */
  errorCode: string | undefined = undefined;
  /** Set when the Lambda failed and the monolith answered instead: sent as `x-strangler-fallback`. */
  fallbackCode: string | undefined = undefined;
  /**
   * Each side that ran, for the resolver's `complete` (migration op events). Targets append; left empty, the
   * serving side is reported with the request's duration.
   */
  sides: RequestOutcome['sides'] = [];
  /** Extra fields for the request's log line (a target's detail: fallback reason, shadow result…). */
  logFields: Record<string, unknown> | undefined = undefined;
  /** The serving target's upstream work (a monolith call, a Lambda invocation): aborted when the client goes away. */
  inFlight: { abort(): void } | undefined = undefined;
  /** The response headers sent (flat list), kept for debug-level logs. */
  sentHeaders: readonly string[] | undefined = undefined;
  /** True once the client went away before the response was complete. */
  clientGone = false;
  /** True once `finish` ran. */
  finished = false;
  /** Sides still running after the response (second write, shadow): the resolver's `complete` waits for them. */
  private deferred: Promise<LateSide | undefined>[] | undefined = undefined;
  /** The request's trace (proxy/tracing), when tracing is on; undefined costs nothing on the hot path. */
  trace: RequestTrace | undefined = undefined;
  /** The facts every Lambda event of this request is built from, made on first use (see `facts`). */
  private matchedFacts: RequestFacts | undefined = undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    /** The request id: the client's valid `x-request-id`, or a new UUID. */
    readonly id: string,
    /** The plan generation the request started under; it keeps using it after a reload. */
    readonly generation: Owner,
    /** `performance.now()` when the request reached the proxy. */
    readonly startedAt: number,
  ) {
    this.headers = req.headers;
  }

  /**
   * The matched request's facts for its Lambda events (live, shadow, second write): made once, on first use, so a
   * request the monolith serves alone never builds them. Only for matched requests (`route` set).
   */
  facts(): RequestFacts {
    return (this.matchedFacts ??= requestFactsOf(this.req, this.id, this.route!, this.params));
  }

  /** The headers the proxy adds to every response, as a flat list for `writeHead`. */
  responseHeaders(): string[] {
    const out = ['x-request-id', this.id];
    if (this.generation.plan.server.responseHeaders) {
      if (this.route !== null) out.push('x-strangler-route', this.route.id);
      out.push('x-strangler-served-by', this.servedBy);
      if (this.fallbackCode !== undefined) out.push('x-strangler-fallback', this.fallbackCode);
    }
    // Draining: tell keep-alive clients to reconnect elsewhere rather than reuse this connection.
    if (this.generation.services.draining) out.push('connection', 'close');
    return out;
  }

  /**
   * Ends the request with `err`: its status and `{"error":{"code","message"}}` when nothing was sent yet; when
   * the response already started, the only honest signal left is cutting the connection.
   */
  fail(err: StranglerError): void {
    this.errorCode = err.code;
    const res = this.res;
    if (res.headersSent || res.destroyed || res.writableEnded) {
      res.destroy();
      return;
    }
    // Answered before the request was read whole (413 past the Lambda limit, a monolith that failed mid-upload):
    // the rest is read and dropped, as node does with a body nobody read, so the client's upload ends and nothing
    // is kept (memory stays flat). On a kept-alive connection the answer goes out at once and the connection stays
    // usable. When the connection closes after this answer (the client sent `Connection: close`), closing it while
    // the client still sends would reset it and the client would lose the answer (RFC 9112 §9.6, "lingering
    // close"; seen with node clients as EPIPE and no response): the answer then waits for the end of the body.
    const req = this.req;
    if (!req.complete && !req.destroyed) {
      req.unpipe();
      if (!res.shouldKeepAlive) {
        let answered = false;
        const answer = (): void => {
          if (answered) return;
          answered = true;
          if (!res.destroyed && !res.writableEnded) this.writeError(err);
        };
        req.once('end', answer);
        req.once('close', answer);
        req.resume();
        return;
      }
      this.writeError(err);
      req.resume();
      return;
    }
    this.writeError(err);
  }

  /** Writes the coded error answer (nothing was sent yet). */
  private writeError(err: StranglerError): void {
    const answer = errorAnswer(err);
    const headers = [...answer.headers, ...this.responseHeaders()];
    this.sentHeaders = headers;
    this.res.writeHead(answer.status, headers);
    this.res.end(answer.body);
  }

  /**
   * Registers work on another side that outlives the response (a dual write's second write, a shadow call;
   * registered on the response's `finish`, which comes before `close`): its outcome joins the sides reported to
   * the resolver, and a shadow's verdict becomes the op event's consistency check.
   */
  deferSide(side: Promise<LateSide | undefined>): void {
    (this.deferred ??= []).push(side);
  }

  /** Runs once, on the response's `close`: log line, metrics, the resolver's `complete`, generation bookkeeping. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const res = this.res;
    if (!res.writableFinished) {
      this.clientGone = true;
      this.inFlight?.abort();
    }
    const { services } = this.generation;
    // 499 (nginx's "client closed request") when the client left before any response header was sent.
    const status = res.headersSent ? res.statusCode : 499;
    const durationMs = performance.now() - this.startedAt;
    this.trace?.end(this, status);
    const route = this.route;
    const decision = this.decision;
    services.metrics.request(route?.id ?? UNMATCHED_ROUTE, decision?.stage ?? NO_STAGE, this.servedBy, status, durationMs / 1000);
    services.metrics.ended();
    // The dashboard's rolling window (proxy/stats), when the proxy has one (createPlanProxy gives it).
    services.stats?.record({
      route: route?.id ?? UNMATCHED_ROUTE,
      servedBy: this.servedBy,
      status,
      durationMs,
      lambdaPlanned: this.plan.serve === 'lambda',
      fallback: isFallback(this.logFields),
      throttled: isThrottle(this.logFields),
      error: status >= 500 || this.errorCode !== undefined,
    });
    services.inventory?.request(this, status, durationMs);

    const logger = services.logger;
    const level = this.errorCode !== undefined ? 'warn' : 'info';
    if (logger.isLevelEnabled(level)) {
      const url = this.req.url ?? '';
      const q = url.indexOf('?');
      const line: Record<string, unknown> = {
        routeId: route?.id ?? null,
        stage: decision?.stage ?? null,
        stageSource: decision?.source ?? null,
        servedBy: this.servedBy,
        status,
        durationMs: Math.round(durationMs * 100) / 100,
        requestId: this.id,
        method: this.req.method,
        // The query string is left out: it often carries tokens and personal data.
        path: q === -1 ? url : url.slice(0, q),
      };
      const original = originalPath(this.req);
      if (original !== undefined) line.originalPath = original;
      if (this.errorCode !== undefined) line.errorCode = this.errorCode;
      if (this.clientGone) line.aborted = true;
      if (this.trace !== undefined) line.traceId = this.trace.traceId;
      if (this.logFields !== undefined) Object.assign(line, this.logFields);
      if (logger.isLevelEnabled('debug')) {
        line.req = { headers: this.headers };
        line.res = { headers: headerObject(this.sentHeaders) };
      }
      logger[level](line, 'request');
    }

    if (route !== null && decision !== null && services.resolver.complete !== undefined) {
      const sides: RequestOutcome['sides'] =
        this.sides.length > 0
          ? this.sides
          : [{ side: this.servedBy, latencyMs: durationMs, error: this.errorCode !== undefined || status >= 500, role: 'authoritative' }];
      const complete = (all: RequestOutcome['sides'], consistent?: boolean): void => {
        try {
          services.resolver.complete!(consistent === undefined ? { route, decision, sides: all } : { route, decision, sides: all, consistent });
        } catch (err) {
          logger.error({ err, routeId: route.id }, 'stage resolver complete() threw');
        }
      };
      if (this.deferred === undefined) complete(sides);
      else {
        void Promise.all(this.deferred).then(
          (more) => {
            const late: RequestOutcome['sides'] = [];
            let consistent: boolean | undefined;
            for (const m of more) {
              if (m === undefined) continue;
              const { consistent: verdict, ...side } = m;
              late.push(side);
              consistent ??= verdict;
            }
            complete([...sides, ...late], consistent);
          },
          () => complete(sides),
        );
      }
    }
    this.generation.requestDone();
  }
}

/** `res.on('close')` listener services by every response (no closure per request). */
export function onResponseClose(this: ServerResponse & ExchangeCarrier): void {
  this[kExchange]?.finish();
}

function headerObject(list: readonly string[] | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (list === undefined) return out;
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i]!.toLowerCase();
    const value = list[i + 1]!;
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}
