/**
 * Per-minute aggregates summed up per route (method × template) over the whole window, keeping the per-minute
 * request counts: the fitness rules look at sizes, durations and the shape of the load, the forecast at rates.
 */
import { emptyAggregate, LATENCY_BOUNDS_MS, MINUTE_MS, mergeAggregate, type TrafficAggregate } from '../inventory/index.js';

export interface RouteTraffic {
  /** `METHOD /template` (the aggregates' template). */
  key: string;
  method: string;
  /** The path part of the template: a plan route's pattern or an inferred template. */
  path: string;
  routeId: string | null;
  /** The sums over the window. */
  total: TrafficAggregate;
  /** Requests per minute by the minute's index in the window; minutes without requests are absent (0). Sparse: a log may span months. */
  perMinute: Map<number, number>;
}

export interface TrafficWindow {
  /** Epoch ms of the first minute. */
  from: number;
  /** Epoch ms the last minute ends. */
  to: number;
  minutes: number;
}

export interface TrafficSummary {
  window: TrafficWindow;
  requests: number;
  routes: RouteTraffic[];
}

/**
 * @example
 *   const { routes, window } = summarise(rollup.aggregates());
 */
export function summarise(aggregates: readonly TrafficAggregate[]): TrafficSummary {
  if (aggregates.length === 0) return { window: { from: 0, to: 0, minutes: 0 }, requests: 0, routes: [] };
  let from = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const a of aggregates) {
    from = Math.min(from, a.minute);
    last = Math.max(last, a.minute);
  }
  const minutes = Math.round((last - from) / MINUTE_MS) + 1;
  const byKey = new Map<string, RouteTraffic>();
  let requests = 0;
  for (const a of aggregates) {
    let route = byKey.get(a.template);
    if (route === undefined) {
      const space = a.template.indexOf(' ');
      route = {
        key: a.template,
        method: a.method,
        path: space === -1 ? a.template : a.template.slice(space + 1),
        routeId: a.routeId,
        total: emptyAggregate(from, a.method, a.template, a.routeId),
        perMinute: new Map(),
      };
      byKey.set(a.template, route);
    }
    mergeAggregate(route.total, a);
    const index = Math.round((a.minute - from) / MINUTE_MS);
    route.perMinute.set(index, (route.perMinute.get(index) ?? 0) + a.requests);
    requests += a.requests;
  }
  const routes = [...byKey.values()].sort((a, b) => b.total.requests - a.total.requests || a.key.localeCompare(b.key));
  return { window: { from, to: last + MINUTE_MS, minutes }, requests, routes };
}

/** Mean duration of one side, or undefined when that side has no timed requests. */
export function meanMs(total: TrafficAggregate, side: 'monolith' | 'lambda'): number | undefined {
  const counts = side === 'lambda' ? total.lambdaMs : total.monolithMs;
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return undefined;
  return (side === 'lambda' ? total.lambdaMsSum : total.monolithMsSum) / n;
}

/**
 * The latency under which `q` of the timed requests fell, as the upper bound of its histogram bucket (so never an
 * under-estimate); Infinity when it falls in the open last bucket; undefined without timed requests.
 */
export function quantileMs(counts: readonly number[], q: number): number | undefined {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return undefined;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= q * n) return LATENCY_BOUNDS_MS[i] ?? Number.POSITIVE_INFINITY;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * Requests in buckets that lie wholly above `value` (bucket i holds (bounds[i−1], bounds[i]]): a lower bound of how
 * many were larger.
 */
export function countAbove(counts: readonly number[], bounds: readonly number[], value: number): number {
  let n = 0;
  for (let i = 0; i < counts.length; i++) {
    const lower = i === 0 ? 0 : bounds[i - 1]!;
    if (lower >= value) n += counts[i]!;
  }
  return n;
}

/** Both sides' latency histograms added (what the route's requests took, wherever they were served). */
export function allLatencies(total: TrafficAggregate): number[] {
  return total.monolithMs.map((n, i) => n + total.lambdaMs[i]!);
}

/** Mean, peak and coefficient of variation (stddev / mean) of the per-minute counts over `minutes` minutes. */
export function loadShape(perMinute: ReadonlyMap<number, number>, minutes: number): { meanPerMinute: number; peakPerMinute: number; cv: number } {
  if (minutes <= 0) return { meanPerMinute: 0, peakPerMinute: 0, cv: 0 };
  let total = 0;
  let peak = 0;
  for (const n of perMinute.values()) {
    total += n;
    peak = Math.max(peak, n);
  }
  const mean = total / minutes;
  let squares = (minutes - perMinute.size) * mean ** 2;
  for (const n of perMinute.values()) squares += (n - mean) ** 2;
  return { meanPerMinute: mean, peakPerMinute: peak, cv: mean === 0 ? 0 : Math.sqrt(squares / minutes) / mean };
}

/** Several routes' per-minute counts added. */
export function addPerMinute(routes: readonly { perMinute: ReadonlyMap<number, number> }[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of routes) for (const [i, n] of r.perMinute) out.set(i, (out.get(i) ?? 0) + n);
  return out;
}

/** Several routes as one (a candidate function's traffic: its routes share instances). */
export function combineRoutes(key: string, routes: readonly RouteTraffic[]): RouteTraffic {
  const first = routes[0];
  const total = emptyAggregate(first?.total.minute ?? 0, first?.method ?? 'GET', key, null);
  for (const r of routes) mergeAggregate(total, r.total);
  return { key, method: first?.method ?? 'GET', path: first?.path ?? '/', routeId: null, total, perMinute: addPerMinute(routes) };
}
