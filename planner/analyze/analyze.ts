/**
 * `strangler analyze` as a pure function: traffic aggregates (from the proxy's inventory or rolled up from access
 * logs) in, a report out: per route its traffic share, stage and fitness; per candidate function its routes, the
 * plan snippet, cost on both architectures, and the cold-start forecast.
 */
import type { TrafficAggregate } from '../inventory/index.js';
import { US_EAST_1, type Architecture, type LambdaPrices } from '../pricing.js';
import type { AppRoute } from '../app-routes/types.js';
import { groupRoutes, planSnippet, type PlanRouteInfo } from './candidates.js';
import { API_GATEWAY_TIMEOUT_MS, assessRoute, loadRule, worst, type Finding, type Fitness, type Verdict } from './fitness.js';
import { DEFAULT_COLD_START_TARGET, DEFAULT_IDLE_LIFETIME_S, DEFAULT_MEMORY_MB, forecast, routeDuration, type Forecast } from './forecast.js';
import { allLatencies, combineRoutes, meanMs, quantileMs, summarise, type TrafficWindow } from './traffic.js';

/** The proxy's Lambda deadline when the plan sets none (proxy/plan/schema.ts DEFAULT_LAMBDA_TIMEOUT_MS). */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface AnalyzeSettings {
  /** The plan's routes by id (matched traffic carries their id). */
  planRoutes?: ReadonlyMap<string, PlanRouteInfo>;
  /** Memory of the plan's functions by name, MB. */
  functionMemoryMb?: ReadonlyMap<string, number>;
  /** Timeout of the plan's functions by name, ms. */
  functionTimeoutMs?: ReadonlyMap<string, number>;
  appRoutes?: readonly AppRoute[];
  /** `--memory`: overrides the plan's memory sizes. */
  memoryMb?: number;
  architecture?: Architecture;
  idleLifetimeS?: number;
  coldStartTarget?: number;
  /** Fronted by API Gateway: durations are held against its 29 s too. */
  apiGateway?: boolean;
  steadyRatePerS?: number;
  prices?: LambdaPrices;
}

export interface RouteReport {
  key: string;
  method: string;
  path: string;
  routeId: string | null;
  stage: string | null;
  candidate: string | null;
  requests: number;
  share: number;
  /** Counts by status class 1xx..5xx. */
  status: number[];
  monolithMeanMs: number | null;
  lambdaMeanMs: number | null;
  /** Upper bound of the p99's latency bucket (both sides); null without durations, -1 past the last bound. */
  p99Ms: number | null;
  maxRequestBytes: number;
  maxResponseBytes: number;
  fitness: Fitness;
}

export interface CandidateReport {
  name: string;
  groupedBy: 'module' | 'resource';
  functionName: string;
  routes: string[];
  methods: string[];
  /** Stages of its plan routes (`off` for routes the plan does not have yet), or null when none is in the plan. */
  stages: string[];
  requests: number;
  share: number;
  /** The worst of its routes' verdicts and its own findings. */
  fitness: Verdict;
  /** Rules on the function's traffic as a whole (its routes share instances): the load shape. */
  findings: Finding[];
  forecast: Forecast;
  snippet: string;
}

export interface AnalysisReport {
  window: TrafficWindow;
  requests: number;
  /** Requests no plan route matched and whose template is `(other)` (past the template cap). */
  otherRequests: number;
  routes: RouteReport[];
  candidates: CandidateReport[];
  settings: {
    architecture: Architecture;
    memoryMb: number | null;
    idleLifetimeS: number;
    coldStartTarget: number;
    apiGateway: boolean;
    prices: { region: string; takenOn: string; source: string };
  };
}

/**
 * @example
 *   const report = analyze(rollup.aggregates(), { planRoutes, memoryMb: 256 });
 *   report.candidates[0].forecast.cost.arm64.totalUsd;
 */
export function analyze(aggregates: readonly TrafficAggregate[], settings: AnalyzeSettings = {}): AnalysisReport {
  const architecture = settings.architecture ?? 'x86_64';
  const idleLifetimeS = settings.idleLifetimeS ?? DEFAULT_IDLE_LIFETIME_S;
  const coldStartTarget = settings.coldStartTarget ?? DEFAULT_COLD_START_TARGET;
  const prices = settings.prices ?? US_EAST_1;
  const summary = summarise(aggregates);
  const groups = groupRoutes(summary.routes, {
    ...(settings.planRoutes ? { planRoutes: settings.planRoutes } : {}),
    ...(settings.appRoutes ? { appRoutes: settings.appRoutes } : {}),
  });
  const memoryOf = (fn: string): number => settings.memoryMb ?? settings.functionMemoryMb?.get(fn) ?? DEFAULT_MEMORY_MB;
  const share = (n: number): number => (summary.requests === 0 ? 0 : n / summary.requests);

  const routeReports = new Map<string, RouteReport>();
  const candidates: CandidateReport[] = [];
  for (const group of groups) {
    const memoryMb = memoryOf(group.functionName);
    const functionTimeout = settings.functionTimeoutMs?.get(group.functionName);
    const verdicts: Verdict[] = [];
    for (const r of group.routes) {
      const planned = r.routeId === null ? undefined : settings.planRoutes?.get(r.routeId);
      let timeoutMs = planned?.timeoutMs ?? functionTimeout ?? DEFAULT_TIMEOUT_MS;
      let timeoutSource = planned !== undefined ? 'route timeout' : functionTimeout !== undefined ? 'function timeout' : 'default Lambda deadline';
      if (settings.apiGateway === true && timeoutMs > API_GATEWAY_TIMEOUT_MS) {
        timeoutMs = API_GATEWAY_TIMEOUT_MS;
        timeoutSource = 'API Gateway timeout';
      }
      const fitness = assessRoute(r, summary.window.minutes, {
        timeoutMs,
        timeoutSource,
        durationMs: routeDuration(r).durationMs,
        memoryMb,
        architecture,
        ...(settings.steadyRatePerS !== undefined ? { steadyRatePerS: settings.steadyRatePerS } : {}),
      });
      verdicts.push(fitness.verdict);
      const p99 = quantileMs(allLatencies(r.total), 0.99);
      routeReports.set(r.key, {
        key: r.key,
        method: r.method,
        path: r.path,
        routeId: r.routeId,
        stage: planned?.stage ?? null,
        candidate: group.functionName,
        requests: r.total.requests,
        share: share(r.total.requests),
        status: r.total.status,
        monolithMeanMs: round(meanMs(r.total, 'monolith')),
        lambdaMeanMs: round(meanMs(r.total, 'lambda')),
        p99Ms: p99 === undefined ? null : Number.isFinite(p99) ? p99 : -1,
        maxRequestBytes: r.total.maxRequestBytes,
        maxResponseBytes: r.total.maxResponseBytes,
        fitness,
      });
    }
    const requests = group.routes.reduce((n, r) => n + r.total.requests, 0);
    const timeoutS = Math.ceil((functionTimeout ?? DEFAULT_TIMEOUT_MS) / 1000);
    const outlook = forecast(group.routes, { windowMinutes: summary.window.minutes, memoryMb, idleLifetimeS, coldStartTarget, prices });
    // Routes each under the steady-load threshold can add up to a function busy all the time.
    const findings = [
      loadRule(combineRoutes(group.functionName, group.routes), summary.window.minutes, {
        timeoutMs: DEFAULT_TIMEOUT_MS,
        timeoutSource: 'function timeout',
        durationMs: outlook.durationMs,
        memoryMb,
        architecture,
        ...(settings.steadyRatePerS !== undefined ? { steadyRatePerS: settings.steadyRatePerS } : {}),
      }),
    ];
    candidates.push({
      name: group.name,
      groupedBy: group.groupedBy,
      functionName: group.functionName,
      routes: group.routes.map((r) => r.key),
      methods: [...new Set(group.routes.map((r) => r.method))].sort(),
      stages: [...new Set(group.routes.map((r) => (r.routeId === null ? undefined : settings.planRoutes?.get(r.routeId)?.stage) ?? 'off'))],
      requests,
      share: share(requests),
      fitness: worst([...verdicts, ...findings.map((f) => f.verdict)]),
      findings,
      forecast: outlook,
      snippet: planSnippet(group, { memoryMb, timeoutS, ...(settings.planRoutes ? { planRoutes: settings.planRoutes } : {}) }),
    });
  }
  candidates.sort((a, b) => b.requests - a.requests || a.name.localeCompare(b.name));
  const other = summary.routes.find((r) => r.routeId === null && r.key === '(other)');
  const routes = summary.routes.filter((r) => routeReports.has(r.key)).map((r) => routeReports.get(r.key)!);
  return {
    window: summary.window,
    requests: summary.requests,
    otherRequests: other?.total.requests ?? 0,
    routes,
    candidates,
    settings: {
      architecture,
      memoryMb: settings.memoryMb ?? null,
      idleLifetimeS,
      coldStartTarget,
      apiGateway: settings.apiGateway === true,
      prices: { region: prices.region, takenOn: prices.takenOn, source: prices.source },
    },
  };
}

function round(n: number | undefined): number | null {
  return n === undefined ? null : Math.round(n * 100) / 100;
}
