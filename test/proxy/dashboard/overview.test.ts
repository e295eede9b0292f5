import { describe, expect, it } from 'vitest';
import {
  buildOverview,
  formatLatency,
  formatMatch,
  formatMs,
  formatOverview,
  formatPercent,
  formatSplit,
  type RoutesDocument,
} from '../../../proxy/dashboard/index.js';
import type { ShadowReport } from '../../../proxy/shadow/index.js';
import { RollingStats } from '../../../proxy/stats/index.js';

const routesDoc = (extra: Record<string, unknown>[] = [{}, {}]): RoutesDocument => ({
  generation: 3,
  plan: 'shop.yaml',
  monolith: 'http://127.0.0.1:3000',
  routes: [
    { id: 'products', methods: ['GET'], path: '/products/:id', stage: 'live', source: 'flag', ...extra[0] },
    {
      id: 'cart',
      methods: ['GET', 'POST'],
      path: '/cart',
      stage: 'off',
      source: 'pin',
      pin: { stage: 'off', reason: 'INC-9', at: '2026-01-01T00:00:00.000Z' },
      ...extra[1],
    },
  ],
});

const statsDoc = () => {
  const stats = new RollingStats({ now: () => 0 });
  for (let i = 0; i < 3; i++)
    stats.record({ route: 'products', servedBy: 'lambda', status: 200, durationMs: 40, lambdaPlanned: true, fallback: false, error: false });
  stats.record({ route: 'products', servedBy: 'monolith', status: 200, durationMs: 5, lambdaPlanned: true, fallback: true, error: false });
  // A throttle: it fell back too, and is counted apart.
  stats.record({ route: 'products', servedBy: 'monolith', status: 200, durationMs: 5, lambdaPlanned: true, fallback: true, throttled: true, error: false });
  return stats.snapshot({ order: ['products', 'cart'] });
};

const shadowDoc = { generatedAt: '', sources: [], routes: [{ route: 'products', compared: 50, matchRate: 0.98 }] } as unknown as ShadowReport;

describe('buildOverview / formatOverview', () => {
  it('joins /routes, /stats and /shadow/report per route, with breaker and cold starts when the rows have them', () => {
    const o = buildOverview(
      routesDoc([{ breaker: 'half-open', lambda: { coldStartRate: 0.125, invocations: 8 } }, { breaker: { state: 'open' } }]),
      statsDoc(),
      shadowDoc,
    );
    expect(o.routes[0]).toMatchObject({
      route: 'products',
      stage: 'live',
      source: 'flag',
      requests: 5,
      split: { monolith: 0.4, lambda: 0.6 },
      compared: 50,
      matchRate: 0.98,
      fallbackRate: 0.4,
      throttleRate: 0.2,
      errorRate: 0,
      breaker: 'half-open',
      coldStartRate: 0.125,
    });
    expect(o.routes[1]).toMatchObject({
      route: 'cart',
      requests: 0,
      split: null,
      compared: 0,
      matchRate: null,
      breaker: 'open',
      coldStartRate: null,
      pin: { reason: 'INC-9' },
    });
    const text = formatOverview(o);
    expect(text).toMatch(/^products\s+live\s+flag\s+5\s+40\/60\s+98\.0% \(50\)\s+\S+\/\S+\s+\S+\/\S+\s+40\.0%\s+20\.0%\s+0\.0%\s+half-open\s+12\.5%$/m);
    expect(text).toMatch(/^cart\s+off\s+pin\s+0\s+–\s+–\s+–\s+–\s+–\s+–\s+–\s+open\s+–$/m);
    expect(text).toContain('pinned: cart → off since 2026-01-01T00:00:00.000Z (INC-9)');
  });

  it('shows – for what the proxy does not report (no /stats, no shadow report, unknown breaker shape)', () => {
    const o = buildOverview(routesDoc([{ breaker: 42 }, {}]), null, null);
    expect(o.routes[0]).toMatchObject({ requests: null, split: null, compared: null, matchRate: null, breaker: null, coldStartRate: null });
    expect(formatOverview(o)).toMatch(/^products\s+live\s+flag\s+–\s+–\s+–\s+–\s+–\s+–\s+–\s+–\s+–\s+–$/m);
    expect(formatOverview(o)).toContain('no request stats');
  });

  it.each([
    [formatPercent(null), '–'],
    [formatPercent(0.4567), '45.7%'],
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: a number to format, not an approximation of π
    [formatMs(3.14159), '3.1'],
    [formatMs(123.6), '124'],
    [formatLatency({ p50: 2, p99: 40.2 }), '2.0/40'],
    [formatLatency({ p50: null, p99: null }), '–'],
    [formatSplit({ monolith: 0.333, lambda: 0.667 }), '33/67'],
    [formatMatch({ compared: 0, matchRate: null }), '–'],
    [formatMatch({ compared: 7, matchRate: 1 }), '100.0% (7)'],
  ])('format %s = %s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});
