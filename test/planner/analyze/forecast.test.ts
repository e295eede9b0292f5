import { describe, expect, it } from 'vitest';
import { ASSUMED_DURATION_MS, coldShare, forecast, routeDuration, type ForecastOptions } from '../../../planner/analyze/index.js';
import { instancesFor, monthlyCost, provisionedMonthlyCost } from '../../../planner/cost.js';
import { loadOf, routeOf, sample } from './helpers.js';

const options: ForecastOptions = { windowMinutes: 10, memoryMb: 512, idleLifetimeS: 600, coldStartTarget: 0.01 };

describe('forecast', () => {
  it("reaches AWS's worked example from traffic: 3 million requests a month of 1 s at 512 MB", () => {
    // 3,000,000 requests / 730 h = 1.1416 req/s ≈ 68.5 per minute; ten minutes at exactly that rate.
    const perMinute = 3_000_000 / (730 * 60);
    const samples = loadOf(
      new Array<number>(10).fill(0).map((_, i) => Math.round(perMinute * (i + 1)) - Math.round(perMinute * i)),
      { durationMs: 1000 },
    );
    const { route } = routeOf(samples);
    const f = forecast([route], options);
    expect(f.requestsPerMonth).toBeGreaterThan(2_990_000);
    expect(f.requestsPerMonth).toBeLessThan(3_010_000);
    expect(f.durationMs).toBe(1000);
    expect(f.durationSource).toBe('monolith');
    // Without the account's free tier: 1,500,000 GB-s × $0.0000166667 + 3M × $0.20/M ≈ $25.60 (AWS: $18.73 with it).
    expect(f.cost.x86_64.totalUsd).toBeCloseTo(25.6, 0);
    expect(f.cost.x86_64).toEqual(monthlyCost({ requestsPerMonth: f.requestsPerMonth, durationMs: 1000, memoryMb: 512 }));
    expect(f.cost.arm64).toEqual(monthlyCost({ requestsPerMonth: f.requestsPerMonth, durationMs: 1000, memoryMb: 512, architecture: 'arm64' }));
    expect(f.cost.arm64.totalUsd).toBeLessThan(f.cost.x86_64.totalUsd);
  });

  it('uses Lambda durations where the route ran on Lambda, the monolith latency otherwise', () => {
    expect(routeDuration(routeOf([sample({ side: 'lambda', durationMs: 40 }), sample({ durationMs: 10 })]).route)).toEqual({
      durationMs: 40,
      source: 'lambda',
    });
    expect(routeDuration(routeOf([sample({ durationMs: 10 }), sample({ durationMs: 30 })]).route)).toEqual({ durationMs: 20, source: 'monolith' });
    // Billed durations (REPORT lines) win over what the proxy measured around the invocation.
    const billed = routeOf([
      sample({ side: 'lambda', durationMs: 40, billedDurationMs: 31 }),
      sample({ side: 'lambda', durationMs: 30, billedDurationMs: 21 }),
      sample({ side: 'lambda', durationMs: 35 }),
    ]).route;
    expect(routeDuration(billed)).toEqual({ durationMs: 26, source: 'billed' });
    expect(routeDuration(routeOf([sample({ durationMs: undefined })]).route)).toEqual({ durationMs: ASSUMED_DURATION_MS, source: 'assumed' });
  });

  it('weights the durations of several routes by their requests', () => {
    const a = routeOf(loadOf([30], { durationMs: 10 })).route;
    const b = routeOf(loadOf([10], { template: 'GET /orders', side: 'lambda', durationMs: 50 })).route;
    const f = forecast([a, b], { ...options, windowMinutes: 1 });
    expect(f.durationMs).toBe(20);
    expect(f.durationSource).toBe('mixed');
    expect(f.requests).toBe(40);
  });

  it('proposes no provisioned concurrency when busy traffic keeps instances warm', () => {
    const { route } = routeOf(loadOf(new Array<number>(10).fill(600)));
    const f = forecast([route], options);
    expect(f.coldStarts.share).toBeLessThan(1e-9);
    expect(f.provisioned).toEqual({ target: 0.01, concurrency: 0, monthlyUsd: { x86_64: 0, arm64: 0 } });
  });

  it('sizes and prices provisioned concurrency for sparse traffic', () => {
    // One request every 20 minutes: each is alone in its 10-minute idle lifetime, cold with e^(−1/600 × 600).
    const perMinute = new Array<number>(60).fill(0);
    for (const m of [0, 20, 40]) perMinute[m] = 1;
    const { route } = routeOf(loadOf(perMinute));
    const f = forecast([route], { ...options, windowMinutes: 60 });
    expect(f.coldStarts.share).toBeCloseTo(Math.exp(-1), 12);
    expect(f.provisioned.concurrency).toBe(instancesFor(1 / 60, 20, 0.01));
    expect(f.provisioned.concurrency).toBe(1);
    expect(f.provisioned.monthlyUsd.x86_64).toBe(
      provisionedMonthlyCost({ concurrency: 1, requestsPerMonth: f.requestsPerMonth, durationMs: 20, memoryMb: 512 }).totalUsd,
    );
    expect(f.provisioned.monthlyUsd.arm64).toBeLessThan(f.provisioned.monthlyUsd.x86_64);
    expect(f.coldStarts.perMonth).toBe(Math.round(f.coldStarts.share * f.requestsPerMonth));
  });
});

describe('coldShare', () => {
  it.each([
    ['one request alone', [[0, 1]], Math.exp(-1)],
    ['nothing', [], 0],
    ['a busy minute', [[0, 600]], Math.exp(-600)],
  ] as const)('%s', (_name, minutes, expected) => {
    expect(coldShare(new Map(minutes.map(([i, n]) => [i, n])), 600)).toBeCloseTo(expected, 12);
  });

  it('forgets minutes older than the idle lifetime', () => {
    // With a 2-minute lifetime the request in minute 10 has only itself in its window: cold as a lone request.
    const share = coldShare(
      new Map([
        [0, 100],
        [10, 1],
      ]),
      120,
    );
    const lone = Math.exp(-(1 / 120) * 120);
    expect(share).toBeCloseTo((100 * Math.exp(-(100 / 120) * 120) + lone) / 101, 12);
  });
});
