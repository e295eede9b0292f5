import { describe, expect, it } from 'vitest';
import { analyze, formatAnalysis, type PlanRouteInfo } from '../../../planner/analyze/index.js';
import { TrafficAggregator } from '../../../planner/inventory/index.js';
import { loadOf, sample } from './helpers.js';

function aggregatesOf(samples: ReturnType<typeof sample>[]) {
  const agg = new TrafficAggregator();
  for (const s of samples) agg.record(s);
  return agg.drain(Number.POSITIVE_INFINITY);
}

describe('analyze', () => {
  it("judges a function's load as a whole: routes each under the steady threshold add up", () => {
    const aggregates = aggregatesOf([
      ...loadOf([180, 180, 180, 180, 180], { template: 'GET /products/:param' }),
      ...loadOf([180, 180, 180, 180, 180], { template: 'GET /products/search' }),
    ]);
    const report = analyze(aggregates);
    expect(report.routes.map((r) => [r.key, r.fitness.verdict])).toEqual([
      ['GET /products/:param', 'fit'],
      ['GET /products/search', 'fit'],
    ]);
    expect(report.candidates).toHaveLength(1);
    expect(report.candidates[0]).toMatchObject({ functionName: 'products', fitness: 'monolith-cheaper', share: 1 });
    expect(report.candidates[0]!.findings[0]).toMatchObject({ rule: 'load', verdict: 'monolith-cheaper', evidence: { meanRatePerS: 6, cv: 0 } });
    expect(formatAnalysis(report)).toContain('function products: monolith-cheaper (load): steady high load: 6 req/s with CV 0');
  });

  it("holds durations against API Gateway's 29 s with --api-gateway, the route's timeout otherwise", () => {
    const planRoutes = new Map<string, PlanRouteInfo>([
      ['report', { id: 'report', path: '/report', methods: ['GET'], functionName: 'reports', stage: 'off', timeoutMs: 60_000 }],
    ]);
    const aggregates = aggregatesOf([sample({ template: 'GET /report', routeId: 'report', durationMs: 35_000 })]);
    const plain = analyze(aggregates, { planRoutes });
    expect(plain.routes[0]!.fitness.findings.find((f) => f.rule === 'duration')).toMatchObject({ verdict: 'caution', evidence: { timeoutMs: 60_000 } });
    const fronted = analyze(aggregates, { planRoutes, apiGateway: true });
    const duration = fronted.routes[0]!.fitness.findings.find((f) => f.rule === 'duration')!;
    expect(duration).toMatchObject({ verdict: 'unfit', evidence: { timeoutMs: 29_000, requestsOverTimeout: 1 } });
    expect(duration.reason).toContain('API Gateway timeout');
  });

  it('uses --memory over the plan functions, and the plan over the default', () => {
    const planRoutes = new Map<string, PlanRouteInfo>([
      ['d', { id: 'd', path: '/products/:id', methods: ['GET'], functionName: 'catalog', stage: 'live', timeoutMs: 10_000 }],
    ]);
    const aggregates = aggregatesOf([sample({ routeId: 'd' }), sample({ template: 'GET /orders' })]);
    const memory = (r: ReturnType<typeof analyze>) => Object.fromEntries(r.candidates.map((c) => [c.functionName, c.forecast.memoryMb]));
    expect(memory(analyze(aggregates, { planRoutes, functionMemoryMb: new Map([['catalog', 512]]) }))).toEqual({ catalog: 512, orders: 128 });
    expect(memory(analyze(aggregates, { planRoutes, functionMemoryMb: new Map([['catalog', 512]]), memoryMb: 1024 }))).toEqual({ catalog: 1024, orders: 1024 });
  });

  it('counts (other) traffic in the total but proposes no function for it', () => {
    const report = analyze(aggregatesOf([sample({ template: '(other)' }), sample()]));
    expect(report).toMatchObject({ requests: 2, otherRequests: 1 });
    expect(report.candidates.map((c) => c.name)).toEqual(['products']);
    expect(report.candidates[0]!.share).toBe(0.5);
  });
});
