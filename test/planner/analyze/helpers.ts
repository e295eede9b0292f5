import { TrafficAggregator, type TrafficSample } from '../../../planner/inventory/index.js';
import { summarise, type RouteTraffic } from '../../../planner/analyze/index.js';

/** 2026-12-03T00:00:00Z: minute-aligned, so sample times fall in predictable minutes. */
export const T0 = Date.UTC(2026, 11, 3);

/** A sample of `GET /products/:id` (override anything). */
export function sample(over: Partial<TrafficSample> = {}): TrafficSample {
  return { time: T0, method: 'GET', template: 'GET /products/:id', routeId: null, status: 200, side: 'monolith', durationMs: 20, ...over };
}

/** The one route the samples make, summed over their window. */
export function routeOf(samples: readonly TrafficSample[]): { route: RouteTraffic; minutes: number } {
  const agg = new TrafficAggregator();
  for (const s of samples) agg.record(s);
  const summary = summarise(agg.drain(Number.POSITIVE_INFINITY));
  if (summary.routes.length !== 1) throw new Error(`expected one route, got ${summary.routes.map((r) => r.key).join(', ')}`);
  return { route: summary.routes[0]!, minutes: summary.window.minutes };
}

/** `perMinute[i]` requests in minute i, spread evenly over each minute. */
export function loadOf(perMinute: readonly number[], over: Partial<TrafficSample> = {}): TrafficSample[] {
  const out: TrafficSample[] = [];
  perMinute.forEach((n, minute) => {
    for (let i = 0; i < n; i++) out.push(sample({ time: T0 + minute * 60_000 + Math.floor((i * 60_000) / n), ...over }));
  });
  return out;
}
