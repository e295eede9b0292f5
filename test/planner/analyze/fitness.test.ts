import { describe, expect, it } from 'vitest';
import {
  API_GATEWAY_TIMEOUT_MS,
  assessRoute,
  binaryRule,
  durationRule,
  loadRule,
  payloadRule,
  streamingRule,
  SYNC_PAYLOAD_LIMIT_BYTES,
  worst,
  type FitnessContext,
} from '../../../planner/analyze/index.js';
import { monthlyCost } from '../../../planner/cost.js';
import { SECONDS_PER_MONTH } from '../../../planner/pricing.js';
import { loadOf, routeOf, sample } from './helpers.js';

const MB = 1024 * 1024;
const ctx: FitnessContext = { timeoutMs: 10_000, timeoutSource: 'route timeout', durationMs: 20, memoryMb: 128, architecture: 'x86_64' };

describe('payloadRule (6 MB synchronous limit)', () => {
  it.each([
    ['small responses', 50_000, 0, 'fit'],
    ['a response near the limit (≥ 80%)', 5.2 * MB, 0, 'caution'],
    ['a response over the limit', 7 * MB, 0, 'unfit'],
    ['a request body over the limit', 1_000, 6.5 * MB, 'unfit'],
    ['exactly the limit', SYNC_PAYLOAD_LIMIT_BYTES, 0, 'caution'],
  ])('%s → %s', (_name, responseBytes, requestBytes, verdict) => {
    const { route } = routeOf([sample({ responseBytes: 100 }), sample({ responseBytes: Math.round(responseBytes), requestBytes: Math.round(requestBytes) })]);
    const f = payloadRule(route);
    expect(f.verdict).toBe(verdict);
    expect(f.evidence.maxResponseBytes).toBe(Math.round(responseBytes));
    expect(f.evidence.limitBytes).toBe(6 * MB);
  });

  it('counts the requests over the limit as evidence', () => {
    const { route } = routeOf([sample({ responseBytes: 7 * MB }), sample({ responseBytes: 11 * MB }), sample({ responseBytes: 10 })]);
    expect(payloadRule(route).evidence.requestsOverLimit).toBe(2);
  });
});

describe('binaryRule (base64 overhead)', () => {
  it.each([
    ['/products/:id/image', 1 * MB, 'fit', Math.ceil((MB * 4) / 3)],
    ['/static/logo.png', 4 * MB, 'caution', Math.ceil((4 * MB * 4) / 3)],
    ['/downloads/report.pdf', 5 * MB, 'unfit', Math.ceil((5 * MB * 4) / 3)],
  ])('%s with %d bytes → %s', (path, bytes, verdict, encoded) => {
    const { route } = routeOf([sample({ template: `GET ${path}`, responseBytes: bytes })]);
    const f = binaryRule(route)!;
    expect(f.verdict).toBe(verdict);
    expect(f.evidence.maxEncodedBytes).toBe(encoded);
  });

  it('says nothing about JSON routes', () => {
    const { route } = routeOf([sample({ template: 'GET /products/search', responseBytes: 1_000 })]);
    expect(binaryRule(route)).toBeNull();
  });
});

describe('durationRule', () => {
  it.each([
    ['fast requests', [20, 30, 40], 10_000, 'fit'],
    ['a request near the timeout', [20, 8_600], 10_000, 'caution'],
    ['a request past the timeout', [20, 12_000], 10_000, 'unfit'],
    ["past API Gateway's 29 s", [20, 31_000], API_GATEWAY_TIMEOUT_MS, 'unfit'],
  ])('%s → %s', (_name, durations, timeoutMs, verdict) => {
    const { route } = routeOf(durations.map((d) => sample({ durationMs: d })));
    const f = durationRule(route, { ...ctx, timeoutMs });
    expect(f.verdict).toBe(verdict);
    expect(f.evidence.timeoutMs).toBe(timeoutMs);
  });

  it('is unknown when the log has no durations (combined format)', () => {
    const { route } = routeOf([sample({ durationMs: undefined })]);
    expect(durationRule(route, ctx).verdict).toBe('unknown');
  });

  it('counts Lambda-side durations too', () => {
    const { route } = routeOf([sample({ side: 'lambda', durationMs: 11_000 })]);
    expect(durationRule(route, ctx)).toMatchObject({ verdict: 'unfit', evidence: { requestsOverTimeout: 1 } });
  });
});

describe('streamingRule', () => {
  it.each([
    [{ upgrade: true }, 'unfit', { upgrades: 1, sse: 0, streaming: 0 }],
    [{ sse: true }, 'caution', { upgrades: 0, sse: 1, streaming: 0 }],
    [{ streaming: true }, 'caution', { upgrades: 0, sse: 0, streaming: 1 }],
  ])('%o → %s', (flags, verdict, evidence) => {
    const { route } = routeOf([sample(flags), sample()]);
    expect(streamingRule(route)).toMatchObject({ verdict, evidence });
  });

  it('says nothing about plain request/response routes', () => {
    expect(streamingRule(routeOf([sample()]).route)).toBeNull();
  });
});

describe('loadRule', () => {
  it('marks steady high load cheaper in the monolith, with the numbers', () => {
    // 600 requests a minute (10/s) for 10 minutes, ±5%.
    const { route, minutes } = routeOf(loadOf([600, 630, 570, 600, 615, 585, 600, 600, 630, 570]));
    const f = loadRule(route, minutes, ctx);
    expect(f.verdict).toBe('monolith-cheaper');
    expect(f.evidence.meanRatePerS).toBe(10);
    expect(f.evidence.cv).toBeLessThan(0.05);
    expect(f.evidence.busyInstances).toBeCloseTo(0.2, 5);
    expect(f.evidence.lambdaMonthlyUsd).toBe(monthlyCost({ requestsPerMonth: 10 * SECONDS_PER_MONTH, durationMs: 20, memoryMb: 128 }).totalUsd);
    expect(f.reason).toContain('cheaper in the monolith');
  });

  it('marks spiky load a good fit', () => {
    const { route, minutes } = routeOf(loadOf([0, 0, 900, 0, 0, 0, 0, 600, 0, 0]));
    const f = loadRule(route, minutes, ctx);
    expect(f.verdict).toBe('fit');
    expect(f.evidence.cv).toBeGreaterThan(1);
    expect(f.reason).toMatch(/^spiky/);
  });

  it('marks low load a good fit', () => {
    const { route, minutes } = routeOf(loadOf([1, 0, 0, 1, 0, 0, 1, 0, 0, 1]));
    expect(loadRule(route, minutes, ctx).reason).toMatch(/^low load/);
  });

  it('steady but under --steady-rate is a fit', () => {
    const { route, minutes } = routeOf(loadOf([600, 600, 600, 600]));
    expect(loadRule(route, minutes, { ...ctx, steadyRatePerS: 20 }).verdict).toBe('fit');
    expect(loadRule(route, minutes, ctx).verdict).toBe('monolith-cheaper');
  });

  it('does not judge fewer than three minutes', () => {
    const { route, minutes } = routeOf(loadOf([600, 600]));
    expect(loadRule(route, minutes, ctx)).toMatchObject({ verdict: 'unknown', evidence: { minutes: 2 } });
  });

  it('counts minutes without requests as zeros (a route seen once in a long window is low load)', () => {
    const { route } = routeOf(loadOf([600]));
    expect(loadRule(route, 600, ctx)).toMatchObject({ verdict: 'fit', evidence: { meanRatePerS: 0.017 } });
  });
});

describe('assessRoute', () => {
  it('takes the worst finding', () => {
    const { route, minutes } = routeOf([sample({ upgrade: true }), sample({ responseBytes: 5.5 * MB })]);
    const fitness = assessRoute(route, minutes, ctx);
    expect(fitness.verdict).toBe('unfit');
    expect(fitness.findings.map((f) => [f.rule, f.verdict])).toEqual([
      ['payload', 'caution'],
      ['duration', 'fit'],
      ['streaming', 'unfit'],
      ['load', 'unknown'],
    ]);
  });

  it.each([
    [['fit', 'unknown'], 'fit'],
    [['fit', 'caution'], 'caution'],
    [['caution', 'monolith-cheaper'], 'monolith-cheaper'],
    [['monolith-cheaper', 'unfit'], 'unfit'],
    [['unknown'], 'unknown'],
  ] as const)('worst(%o) = %s', (verdicts, expected) => {
    expect(worst(verdicts)).toBe(expected);
  });
});
