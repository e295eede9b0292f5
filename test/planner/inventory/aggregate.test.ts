import { describe, expect, it } from 'vitest';
import { LATENCY_BOUNDS_MS, MINUTE_MS, TrafficAggregator, bucketOf, mergeAggregate } from '../../../planner/inventory/index.js';
import { OTHER } from '../../../planner/templates.js';

const t0 = Date.UTC(2026, 11, 3, 10, 0, 0);

describe('TrafficAggregator', () => {
  it('sums requests of one minute and template, split by side', () => {
    const agg = new TrafficAggregator();
    agg.record({
      time: t0 + 1_000,
      method: 'GET',
      template: 'GET /products/:param',
      routeId: 'catalog',
      status: 200,
      side: 'monolith',
      durationMs: 12,
      responseBytes: 2_000,
    });
    agg.record({ time: t0 + 59_000, method: 'GET', template: 'GET /products/:param', routeId: 'catalog', status: 503, side: 'lambda', durationMs: 40 });
    agg.record({ time: t0 + MINUTE_MS, method: 'GET', template: 'GET /products/:param', routeId: 'catalog', status: 200, side: 'monolith' });
    const [first, ...rest] = agg.drain(t0 + MINUTE_MS);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ minute: t0, requests: 2, status: [0, 1, 0, 0, 1], monolithMsSum: 12, lambdaMsSum: 40, maxResponseBytes: 2_000 });
    expect(first!.monolithMs[bucketOf(LATENCY_BOUNDS_MS, 12)]).toBe(1);
    expect(agg.size).toBe(1); // the next minute stays open
  });

  it('caps distinct keys: past the cap new templates count as (other)', () => {
    const agg = new TrafficAggregator(3);
    for (let i = 0; i < 100; i++) agg.record({ time: t0, method: 'GET', template: `GET /scan/${i}`, routeId: null, status: 404, side: 'monolith' });
    expect(agg.size).toBe(4);
    const drained = agg.drain(t0 + MINUTE_MS);
    expect(drained.find((a) => a.template === OTHER)?.requests).toBe(97);
  });

  it('sums billed durations where the REPORT line gave one, and merges them', () => {
    const agg = new TrafficAggregator();
    const base = { method: 'GET', template: 'GET /a', routeId: 'a', status: 200, side: 'lambda' as const, durationMs: 30 };
    agg.record({ ...base, time: t0, billedDurationMs: 21 });
    agg.record({ ...base, time: t0 + 1_000 });
    agg.record({ ...base, time: t0 + MINUTE_MS, billedDurationMs: 9 });
    const [first, second] = agg.drain(Number.POSITIVE_INFINITY);
    expect(first).toMatchObject({ lambdaBilledMsSum: 21, lambdaBilledCount: 1, lambdaMsSum: 60 });
    mergeAggregate(first!, second!);
    expect(first).toMatchObject({ lambdaBilledMsSum: 30, lambdaBilledCount: 2 });
    // Without billed samples the fields stay absent (stores that do not keep them read back the same).
    const plain = new TrafficAggregator();
    plain.record({ ...base, time: t0 });
    expect(plain.drain(Number.POSITIVE_INFINITY)[0]).not.toHaveProperty('lambdaBilledCount');
  });
});
