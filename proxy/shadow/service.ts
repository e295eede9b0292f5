import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { closest } from '../plan/hints.js';
import type { LoadedPlan } from '../plan/load.js';
import type { Stage } from '../stages/plan.js';
import type { RequestFacts } from '../routing/facts.js';
import type { CapturedResponse, HeaderBag } from './compare/compare.js';
import { resolveStoreTarget, type StoreTarget } from './config.js';
import { ShadowError, SHADOW_ERROR_CODES } from './errors.js';
import { ShadowMetrics } from './metrics.js';
import { buildReport, type ShadowReport } from './report/build.js';
import { shadowReportPlugin, type ReportSource } from './report/plugin.js';
import { compileShadowRoutes, compileShadowRoutesInSlices, type ShadowRoute } from './runner/routes.js';
import { ShadowRunner, type ShadowCall, type ShadowResultEvent } from './runner/runner.js';
import type { ShadowDecision } from './runner/decide.js';
import { openResultsStore } from './store/open.js';
import { redactPgUrl } from './store/pg-store.js';
import type { ResultsStore, SkipReason } from './store/types.js';
import { monolithShadowCaller, type MonolithShadowCaller } from './wiring/monolith-call.js';

export interface ShadowServiceOptions {
  loaded: Pick<LoadedPlan, 'plan' | 'dir'>;
  /** The registry of the proxy's `/metrics`. Default: a registry of its own. */
  registry?: Registry;
  logger?: Logger;
  /** Calls the Lambda for shadows in `shadow` (issue 4's invoker). Without it, `shadow` stage shadows nothing. */
  callLambda?: ShadowCall;
  /** Calls the monolith (shadows in `live`, noise). Default: a caller with a pool of its own (./wiring/monolith-call.ts). */
  callMonolith?: ShadowCall;
  /** The current stage of a route, for the report (the resolver's `routeStages`). */
  stageOf?: (routeId: string) => string | null;
  /** Header carrying the request id. Default `x-request-id`. */
  requestIdHeader?: string;
  now?: () => number;
  random?: () => number;
  /** Recompute learned noise at most this often. Default 10000 ms. */
  noiseRefreshMs?: number;
}

/** What the proxy hands over once the authoritative side has answered. */
export interface ServedRequest {
  routeId: string;
  decision: Extract<ShadowDecision, { shadow: true }>;
  request: {
    method: string;
    url: string;
    headers: HeaderBag;
    body: Buffer;
    requestId: string;
    remoteAddress?: string | undefined;
    facts?: RequestFacts | undefined;
  };
  served: { response: CapturedResponse; latencyMs: number };
}

/**
 * Shadowing for one proxy: the results store, the background runner, the report, and the metrics, built from the
 * plan. The proxy's dispatch asks `decide` per request, hands `afterResponse` the answer the client got, and
 * registers `adminPlugin()`. Automatic rollback is not part of it (proxy/promotion/rollback.ts): it runs whether or
 * not a route is shadowed, and records its events in this service's store when there is one.
 * @example
 *   const shadow = createShadowService({ loaded, registry: proxy.metrics, logger });
 *   const proxy = createProxy(loaded, { adminPlugins: [shadow.adminPlugin()] });
 */
export class ShadowService implements ReportSource {
  readonly store: ResultsStore;
  private readonly storeTarget: StoreTarget;
  readonly runner: ShadowRunner;
  readonly metrics: ShadowMetrics;
  private routes: Map<string, ShadowRoute>;
  private loaded: Pick<LoadedPlan, 'plan' | 'dir'>;
  private readonly monolith: MonolithShadowCaller | undefined;
  private readonly callMonolith: ShadowCall;

  constructor(private readonly opts: ShadowServiceOptions) {
    const { plan, dir } = opts.loaded;
    this.loaded = opts.loaded;
    this.routes = compileShadowRoutes(plan);
    this.metrics = new ShadowMetrics(opts.registry ?? new Registry());
    this.storeTarget = resolveStoreTarget(plan.shadow, dir, plan.listen.port);
    const storeLog = opts.logger;
    this.store = openResultsStore(this.storeTarget, plan.shadow.store, {
      ...(opts.now ? { now: opts.now } : {}),
      // A shared store that is slow or down costs comparisons (counted), never a request, never the proxy.
      onDropped: (comparisons, err) => {
        this.metrics.storeDropped.inc(comparisons);
        storeLog?.warn(
          { event: 'shadow.store_dropped', comparisons, errorCode: (err as { code?: string }).code, err: err.message },
          `shadow results store unavailable: ${comparisons} comparisons dropped (${err.message}); retrying on the next flush`,
        );
      },
      onRecovered: () => storeLog?.info({ event: 'shadow.store_recovered' }, 'shadow results store reachable again'),
    });
    if (opts.callMonolith) this.callMonolith = opts.callMonolith;
    else {
      this.monolith = monolithShadowCaller(plan.monolith, plan.shadow.maxConcurrent, plan.shadow.maxBodyBytes);
      this.callMonolith = this.monolith.call;
    }
    const logger = opts.logger;
    this.runner = new ShadowRunner({
      store: this.store,
      metrics: this.metrics,
      maxConcurrent: plan.shadow.maxConcurrent,
      requestIdHeader: opts.requestIdHeader,
      noiseRefreshMs: opts.noiseRefreshMs,
      random: opts.random,
      now: opts.now,
      onResult: logger ? (e) => logResult(logger, e) : undefined,
    });
  }

  get maxBodyBytes(): number {
    return this.loaded.plan.shadow.maxBodyBytes;
  }

  route(routeId: string): ShadowRoute | undefined {
    return this.routes.get(routeId);
  }

  /**
   * Whether to shadow this request. Call it before reading any body: a negative answer means nothing to buffer.
   */
  decide(routeId: string, method: string, stage: Stage): ShadowDecision {
    const route = this.routes.get(routeId);
    if (!route) return { shadow: false };
    const d = this.runner.decide(route, method, stage);
    // Nothing to call the Lambda with (issue 4's invoker not wired): shadow stage shadows nothing.
    if (d.shadow && d.side === 'lambda' && !this.opts.callLambda) return { shadow: false };
    return d;
  }

  /** Starts the shadow for a request whose authoritative answer is complete. Never throws, never blocks. */
  afterResponse(s: ServedRequest): Promise<ShadowResultEvent | undefined> {
    const route = this.routes.get(s.routeId);
    const call = s.decision.side === 'lambda' ? this.opts.callLambda : this.callMonolith;
    if (!route || !call) return Promise.resolve(undefined);
    return this.runner.submit({ route, decision: s.decision, request: s.request, served: s.served, call, callMonolithAgain: this.callMonolith });
  }

  skip(routeId: string, reason: SkipReason): void {
    this.runner.skip(routeId, reason);
  }

  /** The report; `since` (epoch ms) limits it to results from then on (see ShadowStore.stats). */
  async report(options: { route?: string; samples?: number; since?: number } = {}): Promise<ShadowReport> {
    if (options.route !== undefined) await this.knownRoute(options.route);
    const stats = await this.store.readStats(options.route, {
      samples: options.samples ?? 5,
      ...(options.since !== undefined ? { since: options.since } : {}),
    });
    const stages = new Map<string, string>();
    for (const id of this.routes.keys()) {
      const stage = this.opts.stageOf?.(id) ?? this.loaded.plan.routes.find((r) => r.id === id)?.stage ?? null;
      if (stage !== null) stages.set(id, stage);
    }
    const routes = options.route === undefined ? this.routes : new Map([...this.routes].filter(([id]) => id === options.route));
    return buildReport(stats, { routes, stages, sources: [this.store.location], ...(options.samples !== undefined ? { samples: options.samples } : {}) });
  }

  /**
   * Forgets a route's shadow results (store rows and buffers, learned noise), so its gates are evaluated on the
   * comparisons that follow, e.g. once its compare rules are fixed. Logged as an audit line
   * (`event: shadow_reset`) and recorded in the store, where the report lists it. Throws
   * STRANGLER_SHADOW_UNKNOWN_ROUTE (404) for a route neither in the plan nor in the store.
   */
  async resetRoute(route: string, reason?: string): Promise<{ route: string; reset: true; at: string; discarded: { compared: number } }> {
    await this.knownRoute(route);
    const [before] = await this.store.readStats(route, { samples: 0 });
    const now = (this.opts.now ?? Date.now)();
    const why = reason?.trim() || undefined;
    await this.store.resetRoute(route, {
      message: `shadow results reset${why ? `: ${why}` : ''}`,
      detail: { compared: before?.compared ?? 0, ...(why ? { reason: why } : {}) },
    });
    this.runner.resetNoise();
    this.opts.logger?.warn(
      { event: 'shadow_reset', route, discarded: { compared: before?.compared ?? 0 }, ...(why ? { reason: why } : {}) },
      `shadow results of ${route} reset (${before?.compared ?? 0} comparisons discarded)${why ? `: ${why}` : ''}`,
    );
    return { route, reset: true, at: new Date(now).toISOString(), discarded: { compared: before?.compared ?? 0 } };
  }

  /** Throws STRANGLER_SHADOW_UNKNOWN_ROUTE (404, with the closest route id) unless the plan or store knows it. */
  private async knownRoute(route: string): Promise<void> {
    if (this.routes.has(route)) return;
    const stored = await this.store.readRoutes();
    if (stored.includes(route)) return;
    const known = [...new Set([...this.routes.keys(), ...stored])];
    const suggestion = closest(route, known);
    const hint = suggestion !== undefined ? `; did you mean "${suggestion}"?` : ` (routes: ${known.join(', ') || '(none)'})`;
    throw new ShadowError(SHADOW_ERROR_CODES.unknownRoute, `no route "${route}" in the plan or the shadow store${hint}`, { statusCode: 404 });
  }

  /** `GET /shadow/report` for the admin server's `adminPlugins`. */
  adminPlugin(): ReturnType<typeof shadowReportPlugin> {
    return shadowReportPlugin(this);
  }

  /**
   * Throws STRANGLER_SHADOW_STORE_PATH_CHANGED when `loaded` moves the results store: the proxy checks this before
   * swapping a reloaded plan in, and keeps the old plan. Reopening the store on reload was not chosen: shadows in
   * flight, the noise model and automatic rollback hold the open store, and `strangler report` would read a
   * new, empty file while the old one holds the gates' evidence. A restart moves the store cleanly.
   */
  checkReload(loaded: Pick<LoadedPlan, 'plan' | 'dir'>): void {
    const next = resolveStoreTarget(loaded.plan.shadow, loaded.dir, loaded.plan.listen.port);
    const cur = this.storeTarget;
    const same = next.kind === 'sqlite' ? cur.kind === 'sqlite' && next.path === cur.path : cur.kind === 'postgres' && next.url === cur.url;
    if (same) return;
    const where = (t: StoreTarget): string => (t.kind === 'sqlite' ? t.path : `postgres ${redactPgUrl(t.url)}`);
    throw new ShadowError(
      SHADOW_ERROR_CODES.storePathChanged,
      `shadow.store${cur.kind === 'sqlite' && next.kind === 'sqlite' ? '.path' : ''} changed (${where(cur)} -> ${where(next)}): the results store cannot move while the proxy runs; restart the proxy to use the new path, or put the old path back`,
    );
  }

  /** A reloaded plan's routes compiled ahead of `updatePlan`, in slices (a large plan does not stall requests). */
  prepareRoutes(loaded: Pick<LoadedPlan, 'plan'>): Promise<Map<string, ShadowRoute>> {
    return compileShadowRoutesInSlices(loaded.plan);
  }

  /**
   * A reloaded plan: new rules, gates and routes (the store, pool and cap stay as started). `routes`: from
   * `prepareRoutes`; compiled here otherwise.
   */
  updatePlan(loaded: Pick<LoadedPlan, 'plan' | 'dir'>, routes: Map<string, ShadowRoute> = compileShadowRoutes(loaded.plan)): void {
    this.loaded = loaded;
    this.routes = routes;
    this.runner.resetNoise();
  }

  /** Stops shadowing (in-flight shadows are aborted, waiting at most `graceMs`), flushes and closes the store. */
  async close(graceMs = 5_000): Promise<void> {
    await this.runner.close(graceMs);
    this.monolith?.close();
    await this.store.close();
  }
}

export function createShadowService(options: ShadowServiceOptions): ShadowService {
  return new ShadowService(options);
}

function logResult(logger: Logger, e: ShadowResultEvent): void {
  if (e.error) logger.debug({ event: 'shadow.error', route: e.route, requestId: e.requestId, side: e.side, errorCode: e.error.code }, 'shadow call failed');
  else if (e.consistent === false) logger.debug({ event: 'shadow.mismatch', route: e.route, requestId: e.requestId, fields: e.fields }, 'shadow mismatch');
}
