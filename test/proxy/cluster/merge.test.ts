import { describe, expect, it } from 'vitest';
import { mergeRoutes, mergeStats, type RoutesAnswer } from '../../../proxy/cluster/index.js';
import type { RouteWindowStats, WindowStats } from '../../../proxy/stats/index.js';

const side = (requests: number, errors: number, p50: number | null, p99: number | null) => ({ requests, errors, p50, p99 });

function row(route: string, monolith: number, lambda: number, p99: number | null, series: number[]): RouteWindowStats {
  const requests = monolith + lambda;
  return {
    route,
    requests,
    monolith: side(monolith, 1, p99 === null ? null : p99 / 2, p99),
    lambda: side(lambda, 0, null, null),
    split: requests === 0 ? null : { monolith: monolith / requests, lambda: lambda / requests },
    lambdaPlanned: lambda + 1,
    fallbacks: 1,
    fallbackRate: 1 / (lambda + 1),
    throttles: 0,
    throttleRate: 0,
    errors: 1,
    errorRate: requests === 0 ? null : 1 / requests,
    series: { monolith: series, lambda: series.map(() => 0) },
  };
}

const window = (routes: RouteWindowStats[]): WindowStats => ({ generatedAt: '2026-12-03T00:00:00.000Z', windowSeconds: 300, bucketSeconds: 10, routes });

describe('fleet stats merge', () => {
  it('adds counts and series, recomputes rates, and takes the highest percentile', () => {
    const merged = mergeStats([window([row('a', 3, 1, 40, [1, 2])]), window([row('a', 1, 3, 10, [0, 5]), row('b', 2, 0, null, [2, 0])])]);
    expect(merged.workers).toBe(2);
    expect(merged.routes.map((r) => r.route)).toEqual(['a', 'b']);
    const a = merged.routes[0]!;
    expect(a).toMatchObject({
      requests: 8,
      lambdaPlanned: 6,
      fallbacks: 2,
      errors: 2,
      monolith: { requests: 4, errors: 2, p50: 20, p99: 40 },
      lambda: { requests: 4, p99: null },
    });
    expect(a.split).toEqual({ monolith: 0.5, lambda: 0.5 });
    expect(a.fallbackRate).toBeCloseTo(2 / 6);
    expect(a.errorRate).toBe(0.25);
    expect(a.series.monolith).toEqual([1, 7]);
  });
});

describe('fleet routes merge', () => {
  const health = (invocations: number, coldStartRate: number | null, p99: number | null) => ({
    invocations,
    coldStarts: invocations / 2,
    coldStartRate,
    initDurationMs: { p50: p99, p99 },
    billedDurationMs: { p50: null, p99: null },
    throttles: 1,
    timeouts: 2,
  });
  const answer = (lambda: ReturnType<typeof health>): RoutesAnswer => ({
    generation: 1,
    plan: 'p.yaml',
    monolith: 'http://m',
    routes: [
      {
        id: 'a',
        methods: ['GET'],
        path: '/a',
        function: { name: 'a' },
        writes: 'single',
        planStage: 'live',
        stage: 'live',
        source: 'static',
        lambda,
      } as RoutesAnswer['routes'][number],
    ],
  });

  it("keeps the first worker's rows and sums each route's Lambda health", () => {
    const merged = mergeRoutes([answer(health(2, 0.5, 100)), answer(health(6, 0.25, 300))]);
    expect(merged.workers).toBe(2);
    expect(merged.routes[0]!.stage).toBe('live');
    expect(merged.routes[0]!.lambda).toEqual({
      invocations: 8,
      coldStarts: 4,
      coldStartRate: (0.5 * 2 + 0.25 * 6) / 8,
      initDurationMs: { p50: 300, p99: 300 },
      billedDurationMs: { p50: null, p99: null },
      throttles: 2,
      timeouts: 4,
    });
  });
});
