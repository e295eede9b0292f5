import { Counter, Histogram, type Registry } from 'prom-client';
import type { LambdaReport } from './report.js';
import { RecentWindow } from './window.js';

/**
 * How one invocation ended, as the Prometheus `outcome` label:
 * - `ok`: the function answered;
 * - `function_error`: it threw or returned an unusable result (`X-Amz-Function-Error`, a bad response);
 * - `timeout`: it ran out of time (Lambda's `Sandbox.Timedout`, or the route's `timeoutMs` in the proxy);
 * - `throttled`: Lambda refused it (`TooManyRequestsException`, 429);
 * - `error`: the invoke itself failed (network, service error, missing function).
 */
export type InvocationOutcome = 'ok' | 'function_error' | 'timeout' | 'throttled' | 'error';
export const INVOCATION_OUTCOMES: readonly InvocationOutcome[] = ['ok', 'function_error', 'timeout', 'throttled', 'error'];

/** One invocation, as the Lambda target saw it. */
export interface InvocationSample {
  route: string;
  outcome: InvocationOutcome;
  /** The REPORT line (`LogType: Tail`); without it cold start and billing are unknown for this invocation. */
  report?: LambdaReport | undefined;
}

/** `p50`/`p99` in ms over the recent window; null before any sample. */
export interface Percentiles {
  p50: number | null;
  p99: number | null;
}

/** The `lambda` object of a `/routes` row (the dashboard reads exactly this shape). */
export interface RouteLambdaHealth {
  /** Invocations since the proxy started (every outcome). */
  invocations: number;
  /** Invocations whose REPORT line said `Init Duration` (or `Restore Duration`). */
  coldStarts: number;
  /** coldStarts / invocations that returned a REPORT line; null when none did (`logTail` off). */
  coldStartRate: number | null;
  /** Init duration of the recent cold starts (last 256). */
  initDurationMs: Percentiles;
  /** Billed duration of the recent invocations with a REPORT line (last 1024). */
  billedDurationMs: Percentiles;
  throttles: number;
  timeouts: number;
}

const INIT_WINDOW = 256;
const BILLED_WINDOW = 1024;
/** Seconds: init runs from tens of ms (Node, small bundle) to the 10 s init limit. */
const INIT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];
/** Seconds: billed duration is rounded up to 1 ms; functions run from 1 ms to 15 min. */
const BILLED_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

class RouteStats {
  invocations = 0;
  reported = 0;
  coldStarts = 0;
  throttles = 0;
  timeouts = 0;
  readonly init = new RecentWindow(INIT_WINDOW);
  readonly billed = new RecentWindow(BILLED_WINDOW);
}

/**
 * Cold starts and Lambda health per route: counted from each invocation's outcome and REPORT line, exported as
 * Prometheus metrics on the proxy's registry and as the `lambda` object of `/routes` rows.
 *
 * Metrics: `strangler_lambda_invocations_total{route,outcome}`, `strangler_lambda_cold_starts_total{route}`,
 * `strangler_lambda_init_duration_seconds{route}` and `strangler_lambda_billed_duration_seconds{route}` (histograms).
 * @example
 *   const health = new LambdaHealth(registry); // one per proxy: ProxyServices.lambdaHealth
 *   health.record({ route: 'products', outcome: 'ok', report: parseLogResult(result.LogResult) });
 *   health.snapshot('products'); // { invocations: 1, coldStarts: 1, coldStartRate: 1, … }
 */
export class LambdaHealth {
  private readonly routes = new Map<string, RouteStats>();
  private readonly invocations: Counter<'route' | 'outcome'>;
  private readonly coldStarts: Counter<'route'>;
  private readonly initDuration: Histogram<'route'>;
  private readonly billedDuration: Histogram<'route'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.invocations = new Counter({
      name: 'strangler_lambda_invocations_total',
      help: 'Lambda invocations by the proxy, by route and outcome (ok, function_error, timeout, throttled, error).',
      labelNames: ['route', 'outcome'] as const,
      registers,
    });
    this.coldStarts = new Counter({
      name: 'strangler_lambda_cold_starts_total',
      help: 'Invocations whose REPORT line had an Init Duration (a new execution environment), by route. Needs logTail.',
      labelNames: ['route'] as const,
      registers,
    });
    this.initDuration = new Histogram({
      name: 'strangler_lambda_init_duration_seconds',
      help: 'Init Duration of cold starts, from the REPORT line, by route.',
      labelNames: ['route'] as const,
      buckets: INIT_BUCKETS,
      registers,
    });
    this.billedDuration = new Histogram({
      name: 'strangler_lambda_billed_duration_seconds',
      help: 'Billed Duration of invocations, from the REPORT line, by route.',
      labelNames: ['route'] as const,
      buckets: BILLED_BUCKETS,
      registers,
    });
  }

  /** Counts one invocation. */
  record(sample: InvocationSample): void {
    const { route, outcome, report } = sample;
    let stats = this.routes.get(route);
    if (stats === undefined) {
      stats = new RouteStats();
      this.routes.set(route, stats);
    }
    stats.invocations++;
    this.invocations.inc({ route, outcome });
    if (outcome === 'throttled') stats.throttles++;
    if (outcome === 'timeout') stats.timeouts++;
    if (report === undefined) return;
    stats.reported++;
    stats.billed.push(report.billedDurationMs);
    this.billedDuration.observe({ route }, report.billedDurationMs / 1000);
    if (report.coldStart) {
      stats.coldStarts++;
      this.coldStarts.inc({ route });
      const initMs = report.initDurationMs ?? report.restoreDurationMs;
      if (initMs !== undefined) {
        stats.init.push(initMs);
        this.initDuration.observe({ route }, initMs / 1000);
      }
    }
  }

  /** The route's `lambda` object for `/routes` (zeros and nulls before its first invocation). */
  snapshot(route: string): RouteLambdaHealth {
    const s = this.routes.get(route);
    if (s === undefined) {
      return {
        invocations: 0,
        coldStarts: 0,
        coldStartRate: null,
        initDurationMs: { p50: null, p99: null },
        billedDurationMs: { p50: null, p99: null },
        throttles: 0,
        timeouts: 0,
      };
    }
    return {
      invocations: s.invocations,
      coldStarts: s.coldStarts,
      coldStartRate: s.reported === 0 ? null : round(s.coldStarts / s.reported, 4),
      initDurationMs: { p50: s.init.percentile(50), p99: s.init.percentile(99) },
      billedDurationMs: { p50: s.billed.percentile(50), p99: s.billed.percentile(99) },
      throttles: s.throttles,
      timeouts: s.timeouts,
    };
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
