import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Plan } from '../plan/schema.js';
import type { RouteOutcomeSample, RouteRollback } from '../services/services.js';
import { resolveGates, type ResolvedRollback } from '../shadow/config.js';
import type { ResultsStore } from '../shadow/store/types.js';

export type { RouteOutcomeSample } from '../services/services.js';

/** Pins a route to a stage (the flags resolver's kill switch: `FlagStageResolver.pin`). */
export type PinFn = (route: string, stage: 'shadow', reason: string) => unknown;

export interface RollbackMonitorOptions {
  /** The route's rollback settings, or undefined for a route no longer in the plan. */
  settings: (route: string) => ResolvedRollback | undefined;
  pin: PinFn;
  logger?: Pick<Logger, 'warn' | 'error'> | undefined;
  store?: Pick<ResultsStore, 'recordEvent'> | undefined;
  /** Where `strangler_route_rollbacks_total` is counted (the proxy's `/metrics`). Default: not counted. */
  registry?: Registry | undefined;
  now?: () => number;
}

/**
 * Each route's resolved `gates.rollback` (plan defaults under `shadow.gates`, route settings over them), computed once
 * per plan object: the monitor asks on every Lambda-served request.
 */
const settingsByPlan = new WeakMap<Plan, Map<string, ResolvedRollback>>();
export function rollbackSettings(plan: Plan): ReadonlyMap<string, ResolvedRollback> {
  let settings = settingsByPlan.get(plan);
  if (settings === undefined) {
    settings = new Map(plan.routes.map((r) => [r.id, resolveGates(plan.shadow, r).rollback]));
    settingsByPlan.set(plan, settings);
  }
  return settings;
}

/** `strangler_route_rollbacks_total`, shared by every monitor on one registry (a reload, a test's second proxy). */
export function rollbackCounter(registry: Registry): Counter<'route'> {
  const name = 'strangler_route_rollbacks_total';
  return (
    (registry.getSingleMetric(name) as Counter<'route'> | undefined) ??
    new Counter({ name, help: 'Automatic rollbacks of a route to shadow.', labelNames: ['route'], registers: [registry] })
  );
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
export class RollbackMonitor implements RouteRollback {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;
  private readonly counter: Counter<'route'> | undefined;

  constructor(private readonly opts: RollbackMonitorOptions) {
    this.now = opts.now ?? Date.now;
    this.counter = opts.registry === undefined ? undefined : rollbackCounter(opts.registry);
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
    this.opts.logger?.warn(
      { event: 'shadow.rollback', route: o.route, from: o.stage, to: 'shadow', reason, ...detail },
      `route ${o.route} rolled back to shadow`,
    );
    this.counter?.inc({ route: o.route });
    try {
      this.opts.store?.recordEvent({ route: o.route, kind: 'rollback', message: reason, detail: { from: o.stage, to: 'shadow', ...detail }, at: now });
    } catch {
      // The store is best effort here: the pin and the log line are what matter.
    }
  }

  private window(route: string): Window {
    let w = this.windows.get(route);
    if (!w) {
      w = {
        starts: new Array(SLOTS).fill(-Infinity),
        requests: new Array(SLOTS).fill(0),
        failures: new Array(SLOTS).fill(0),
        fallbacks: new Array(SLOTS).fill(0),
        trippedUntil: 0,
      };
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

/** What `proxyRollback` builds a proxy's monitor from. */
export interface ProxyRollbackOptions {
  /** How to pin. Default: the resolver's `pin`, when it has one. */
  pin?: PinFn | undefined;
  resolver: object;
  /** The plan serving now (follows reloads). */
  plan: () => Plan;
  logger: Logger;
  /** The shadow results store, when the proxy has one: rollbacks are recorded among its events. */
  store?: Pick<ResultsStore, 'recordEvent'> | undefined;
  registry: Registry;
}

/**
 * The automatic rollback of one proxy: watches every route serving from the Lambda whose `gates.rollback` is
 * enabled, shadowed or not. Undefined when nothing can pin (a bare proxy with the static resolver): a rollback that
 * cannot act would only log.
 * @example
 *   const rollback = proxyRollback({ resolver, plan: () => current.plan, logger, registry });
 */
export function proxyRollback(o: ProxyRollbackOptions): RollbackMonitor | undefined {
  const resolverPin = (o.resolver as { pin?: unknown }).pin;
  const pin: PinFn | undefined =
    o.pin ?? (typeof resolverPin === 'function' ? (route, stage, reason) => resolverPin.call(o.resolver, route, stage, reason) : undefined);
  if (pin === undefined) return undefined;
  return new RollbackMonitor({
    settings: (id) => rollbackSettings(o.plan()).get(id),
    pin,
    // The log lines keep the component and event names they had when rollback lived in the shadow service.
    logger: o.logger.child({ component: 'shadow' }),
    store: o.store,
    registry: o.registry,
  });
}
