import type { Logger } from 'pino';
import type { Stage } from '../../stages/plan.js';
import type { ResolvedRollback } from '../config.js';
import type { ShadowMetrics } from '../metrics.js';
import type { ResultsStore } from '../store/types.js';

/** One request's outcome on a route serving from the Lambda. */
export interface RouteOutcomeSample {
  route: string;
  stage: Stage;
  /**
   * The client got a failure: the Lambda failed and no fallback answered, or the function's own 5xx was served
   * (route `fallback.serverErrors: fail`). Throttles and requests too large for Lambda are not recorded at all.
   */
  failed: boolean;
  /** The Lambda failed and the monolith answered instead. */
  fellBack: boolean;
}

/** Pins a route to a stage (the flags resolver's kill switch: `FlagStageResolver.pin`). */
export type PinFn = (route: string, stage: 'shadow', reason: string) => unknown;

export interface RollbackMonitorOptions {
  /** The route's rollback settings, or undefined for a route no longer in the plan. */
  settings: (route: string) => ResolvedRollback | undefined;
  pin: PinFn;
  logger?: Pick<Logger, 'warn' | 'error'> | undefined;
  store?: Pick<ResultsStore, 'recordEvent'> | undefined;
  metrics?: ShadowMetrics | undefined;
  now?: () => number;
}

const SLOTS = 10;

interface Window {
  /** Start time of each slot (slot i covers [start, start + windowMs / SLOTS)). */
  starts: number[];
  requests: number[];
  failures: number[];
  fallbacks: number[];
  /** Set after a rollback until the route leaves live/rampdown (or a window passes when the pin failed). */
  trippedUntil: number;
}

/**
 * Automatic rollback: per route in `live`/`rampdown`, failure and fallback rates over a sliding window (10 slots);
 * over the route's gate, the route is pinned back to `shadow`, the reason logged and stored (the report shows it),
 * and counted in `strangler_route_rollbacks_total`. Memory: one fixed window per route.
 * @example
 *   const monitor = new RollbackMonitor({ settings: (id) => routes.get(id)?.gates.rollback, pin: (r, s, why) => resolver.pin(r, s, why) });
 *   monitor.record({ route: 'checkout', stage: 'live', failed: false, fellBack: true });
 */
export class RollbackMonitor {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;

  constructor(private readonly opts: RollbackMonitorOptions) {
    this.now = opts.now ?? Date.now;
  }

  record(o: RouteOutcomeSample): void {
    if (o.stage !== 'live' && o.stage !== 'rampdown') {
      // The pin (or a person) moved the route: start afresh next time it serves from the Lambda.
      this.windows.delete(o.route);
      return;
    }
    const cfg = this.opts.settings(o.route);
    if (!cfg?.enabled) return;
    const now = this.now();
    const w = this.window(o.route);
    if (w.trippedUntil > now) return;
    const slot = this.slot(w, cfg.windowMs, now);
    w.requests[slot]! += 1;
    if (o.failed) w.failures[slot]! += 1;
    if (o.fellBack) w.fallbacks[slot]! += 1;
    const requests = sum(w.requests);
    if (requests < cfg.minRequests) return;
    const failureRate = sum(w.failures) / requests;
    const fallbackRate = sum(w.fallbacks) / requests;
    let why: string | undefined;
    if (failureRate > cfg.maxFailureRate) {
      why = `failure rate ${pct(failureRate)} (${sum(w.failures)}/${requests}) over ${cfg.windowMs / 1000}s is above ${pct(cfg.maxFailureRate)} (gates.rollback.maxFailureRate)`;
    } else if (fallbackRate > cfg.maxFallbackRate) {
      why = `fallback rate ${pct(fallbackRate)} (${sum(w.fallbacks)}/${requests}) over ${cfg.windowMs / 1000}s is above ${pct(cfg.maxFallbackRate)} (gates.rollback.maxFallbackRate)`;
    }
    if (why !== undefined) this.rollback(o, w, cfg, why, { requests, failureRate, fallbackRate }, now);
  }

  private rollback(o: RouteOutcomeSample, w: Window, cfg: ResolvedRollback, why: string, detail: Record<string, number>, now: number): void {
    const reason = `automatic rollback from ${o.stage}: ${why}`;
    // Until the pin shows in the stage the proxy reports, do not pin again on every request.
    w.trippedUntil = now + cfg.windowMs;
    reset(w);
    try {
      this.opts.pin(o.route, 'shadow', reason);
    } catch (err) {
      this.opts.logger?.error({ err, route: o.route, event: 'shadow.rollback_failed' }, `could not pin route ${o.route} to shadow: ${(err as Error).message}`);
      return;
    }
    this.opts.logger?.warn({ event: 'shadow.rollback', route: o.route, from: o.stage, to: 'shadow', reason, ...detail }, `route ${o.route} rolled back to shadow`);
    this.opts.metrics?.rollbacks.inc({ route: o.route });
    try {
      this.opts.store?.recordEvent({ route: o.route, kind: 'rollback', message: reason, detail: { from: o.stage, to: 'shadow', ...detail }, at: now });
    } catch {
      // The store is best effort here: the pin and the log line are what matter.
    }
  }

  private window(route: string): Window {
    let w = this.windows.get(route);
    if (!w) {
      w = { starts: new Array(SLOTS).fill(-Infinity), requests: new Array(SLOTS).fill(0), failures: new Array(SLOTS).fill(0), fallbacks: new Array(SLOTS).fill(0), trippedUntil: 0 };
      this.windows.set(route, w);
    }
    return w;
  }

  /** The slot for `now`, cleared when it last held an older period. */
  private slot(w: Window, windowMs: number, now: number): number {
    const width = windowMs / SLOTS;
    const period = Math.floor(now / width);
    const i = period % SLOTS;
    const start = period * width;
    if (w.starts[i] !== start) {
      w.starts[i] = start;
      w.requests[i] = 0;
      w.failures[i] = 0;
      w.fallbacks[i] = 0;
    }
    // Slots older than the window (not overwritten because no request came) are dropped too.
    for (let j = 0; j < SLOTS; j++) {
      if (w.starts[j]! <= start - windowMs) {
        w.requests[j] = 0;
        w.failures[j] = 0;
        w.fallbacks[j] = 0;
      }
    }
    return i;
  }

  /** Forgets routes no longer in the plan. */
  retain(routes: ReadonlySet<string>): void {
    for (const id of [...this.windows.keys()]) if (!routes.has(id)) this.windows.delete(id);
  }
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const pct = (r: number): string => `${(r * 100).toFixed(1)}%`;

function reset(w: Window): void {
  w.requests.fill(0);
  w.failures.fill(0);
  w.fallbacks.fill(0);
}
