import { describe, expect, it } from 'vitest';
import { isFallback, MAX_ROUTES, RollingStats, type RequestSample } from '../../../proxy/stats/index.js';

const sample = (over: Partial<RequestSample> = {}): RequestSample => ({
  route: 'products',
  servedBy: 'monolith',
  status: 200,
  durationMs: 10,
  lambdaPlanned: false,
  fallback: false,
  error: false,
  ...over,
});

describe('RollingStats', () => {
  it('counts requests per side: split, error rate, fallback and throttle rates over Lambda-bound requests', () => {
    const stats = new RollingStats({ now: () => 1_000_000 });
    for (let i = 0; i < 6; i++) stats.record(sample());
    for (let i = 0; i < 3; i++) stats.record(sample({ servedBy: 'lambda', lambdaPlanned: true }));
    // A Lambda failure answered by the monolith: served by the monolith, counted as a fallback.
    stats.record(sample({ lambdaPlanned: true, fallback: true }));
    stats.record(sample({ status: 502, error: true }));
    // A throttled invocation that fell back: a fallback, and a throttle.
    stats.record(sample({ lambdaPlanned: true, fallback: true, throttled: true }));
    const row = stats.snapshot().routes[0]!;
    expect(row).toMatchObject({
      route: 'products',
      requests: 12,
      monolith: { requests: 9, errors: 1 },
      lambda: { requests: 3, errors: 0 },
      lambdaPlanned: 5,
      fallbacks: 2,
      fallbackRate: 0.4,
      throttles: 1,
      throttleRate: 0.2,
      errors: 1,
    });
    expect(row.split!.monolith).toBeCloseTo(9 / 12);
    expect(row.errorRate).toBeCloseTo(1 / 12);
  });

  it('p50/p99 per side within one histogram bucket (±5 %)', () => {
    const stats = new RollingStats({ now: () => 0 });
    for (let i = 1; i <= 100; i++) stats.record(sample({ durationMs: i }));
    for (let i = 0; i < 99; i++) stats.record(sample({ servedBy: 'lambda', durationMs: 20 }));
    stats.record(sample({ servedBy: 'lambda', durationMs: 900 }));
    const row = stats.snapshot().routes[0]!;
    expect(row.monolith.p50! / 50).toBeGreaterThan(0.95);
    expect(row.monolith.p50! / 50).toBeLessThan(1.05);
    expect(row.monolith.p99! / 99).toBeGreaterThan(0.95);
    expect(row.monolith.p99! / 99).toBeLessThan(1.05);
    expect(Math.abs(row.lambda.p50! - 20) / 20).toBeLessThan(0.05);
    expect(Math.abs(row.lambda.p99! - 20) / 20).toBeLessThan(0.05);
  });

  it('forgets what is older than the window; a shorter window reads fewer buckets; the series is per bucket', () => {
    let now = 0;
    const stats = new RollingStats({ bucketMs: 10_000, buckets: 30, now: () => now });
    stats.record(sample());
    now = 60_000;
    stats.record(sample({ servedBy: 'lambda' }));
    stats.record(sample({ servedBy: 'lambda' }));
    let row = stats.snapshot().routes[0]!;
    expect(row.requests).toBe(3);
    expect(row.series.monolith).toHaveLength(30);
    expect(row.series.monolith[23]).toBe(1);
    expect(row.series.lambda[29]).toBe(2);
    expect(stats.snapshot({ windowMs: 30_000 }).routes[0]!.requests).toBe(2);
    expect(stats.snapshot({ windowMs: 30_000 }).windowSeconds).toBe(30);
    now = 300_000; // the first request is 300 s old: out of the 5-minute window
    row = stats.snapshot().routes[0]!;
    expect(row.requests).toBe(2);
    now = 400_000; // a reused slot is reset, never summed with its old contents
    stats.record(sample());
    expect(stats.snapshot().routes[0]).toMatchObject({ requests: 1, monolith: { requests: 1 }, lambda: { requests: 0, p50: null } });
  });

  it('lists planned routes in order with zeros, and drops unplanned routes once their traffic aged out', () => {
    let now = 0;
    const stats = new RollingStats({ now: () => now });
    stats.record(sample({ route: 'old' }));
    stats.record(sample({ route: 'b' }));
    expect(stats.snapshot({ order: ['a', 'b'] }).routes.map((r) => [r.route, r.requests])).toEqual([
      ['a', 0],
      ['b', 1],
      ['old', 1],
    ]);
    expect(stats.snapshot({ order: ['a', 'b'] }).routes[0]).toMatchObject({
      split: null,
      errorRate: null,
      fallbackRate: null,
      throttleRate: null,
      monolith: { p50: null, p99: null },
    });
    now = 10 * 60_000;
    expect(stats.snapshot({ order: ['a', 'b'] }).routes.map((r) => r.route)).toEqual(['a', 'b']);
  });

  it('keeps memory bounded: at most MAX_ROUTES routes are tracked', () => {
    const stats = new RollingStats({ now: () => 0 });
    for (let i = 0; i < MAX_ROUTES + 50; i++) stats.record(sample({ route: `r${i}` }));
    expect(stats.snapshot().routes).toHaveLength(MAX_ROUTES);
  });
});

describe('isFallback: read from the log fields the Lambda target sets', () => {
  it.each([
    [undefined, false],
    [{}, false],
    [{ lambdaMs: 3 }, false],
    [{ fallback: false }, false],
    [{ fallback: 'STRANGLER_LAMBDA_TIMEOUT' }, true],
    [{ fallback: true }, true],
    [{ fallbackReason: 'throttled' }, true],
  ])('%j → %s', (fields, expected) => {
    expect(isFallback(fields as Record<string, unknown> | undefined)).toBe(expected);
  });
});
