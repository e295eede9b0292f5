import type { RouteRow } from '../admin/server.js';
import type { Percentiles, RouteLambdaHealth } from '../lambda-health/health.js';
import type { RouteWindowStats, SideStats, WindowStats } from '../stats/window.js';

/**
 * Fleet-true admin answers from the workers' own: counts add up. Percentiles cannot be added, and the workers'
 * answers carry p50/p99 rather than their histograms, so a merged percentile is the highest of the workers' (an
 * upper bound: with round-robin balancing the workers see the same traffic mix, so it stays close).
 */

/** `GET /routes` answered by each worker: the rows of the first, with the Lambda health counts summed. */
export interface RoutesAnswer {
  generation: number;
  plan: string;
  monolith: string;
  routes: RouteRow[];
}

export function mergeRoutes(answers: readonly RoutesAnswer[]): RoutesAnswer & { workers: number } {
  const [first, ...rest] = answers;
  if (first === undefined) throw new Error('mergeRoutes needs at least one answer');
  const others = rest.map((a) => new Map(a.routes.map((r) => [r.id, r])));
  const routes = first.routes.map((row) => {
    const healths = [row.lambda, ...others.flatMap((m) => (m.get(row.id) === undefined ? [] : [m.get(row.id)!.lambda]))];
    return { ...row, lambda: mergeHealth(healths) };
  });
  return { ...first, routes, workers: answers.length };
}

function mergeHealth(list: readonly RouteLambdaHealth[]): RouteLambdaHealth {
  const sum = (pick: (h: RouteLambdaHealth) => number): number => list.reduce((n, h) => n + pick(h), 0);
  const rated = list.filter((h) => h.coldStartRate !== null);
  const ratedInvocations = rated.reduce((n, h) => n + h.invocations, 0);
  return {
    invocations: sum((h) => h.invocations),
    coldStarts: sum((h) => h.coldStarts),
    // Weighted by each worker's invocations: the workers' "reported" counts are not in their answers.
    coldStartRate: rated.length === 0 ? null : ratedInvocations === 0 ? 0 : rated.reduce((n, h) => n + h.coldStartRate! * h.invocations, 0) / ratedInvocations,
    initDurationMs: highest(list.map((h) => h.initDurationMs)),
    billedDurationMs: highest(list.map((h) => h.billedDurationMs)),
    throttles: sum((h) => h.throttles),
    timeouts: sum((h) => h.timeouts),
  };
}

function highest(list: readonly Percentiles[]): Percentiles {
  const max = (values: Array<number | null>): number | null => values.reduce<number | null>((m, v) => (v === null ? m : m === null ? v : Math.max(m, v)), null);
  return { p50: max(list.map((p) => p.p50)), p99: max(list.map((p) => p.p99)) };
}

/** `GET /stats` answered by each worker (same window): one row per route, counts and series summed. */
export function mergeStats(answers: readonly WindowStats[]): WindowStats & { workers: number } {
  const [first] = answers;
  if (first === undefined) throw new Error('mergeStats needs at least one answer');
  const byRoute = new Map<string, RouteWindowStats[]>();
  for (const answer of answers) {
    for (const row of answer.routes) {
      const rows = byRoute.get(row.route);
      if (rows === undefined) byRoute.set(row.route, [row]);
      else rows.push(row);
    }
  }
  return { ...first, routes: [...byRoute.values()].map(mergeRow), workers: answers.length };
}

function mergeRow(rows: readonly RouteWindowStats[]): RouteWindowStats {
  const sum = (pick: (r: RouteWindowStats) => number): number => rows.reduce((n, r) => n + pick(r), 0);
  const requests = sum((r) => r.requests);
  const monolith = mergeSide(rows.map((r) => r.monolith));
  const lambda = mergeSide(rows.map((r) => r.lambda));
  const lambdaPlanned = sum((r) => r.lambdaPlanned);
  const fallbacks = sum((r) => r.fallbacks);
  const throttles = sum((r) => r.throttles);
  const errors = sum((r) => r.errors);
  const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);
  return {
    route: rows[0]!.route,
    requests,
    monolith,
    lambda,
    split: requests === 0 ? null : { monolith: monolith.requests / requests, lambda: lambda.requests / requests },
    lambdaPlanned,
    fallbacks,
    fallbackRate: ratio(fallbacks, lambdaPlanned),
    throttles,
    throttleRate: ratio(throttles, lambdaPlanned),
    errors,
    errorRate: ratio(errors, requests),
    series: { monolith: addSeries(rows.map((r) => r.series.monolith)), lambda: addSeries(rows.map((r) => r.series.lambda)) },
  };
}

function mergeSide(sides: readonly SideStats[]): SideStats {
  const { p50, p99 } = highest(sides);
  return { requests: sides.reduce((n, s) => n + s.requests, 0), errors: sides.reduce((n, s) => n + s.errors, 0), p50, p99 };
}

/** Element-wise sum; the workers' windows end at the same bucket when asked together. */
function addSeries(series: readonly number[][]): number[] {
  const length = Math.max(0, ...series.map((s) => s.length));
  return Array.from({ length }, (_, i) => series.reduce((n, s) => n + (s[i] ?? 0), 0));
}
