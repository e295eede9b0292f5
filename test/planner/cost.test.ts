import { describe, expect, it } from 'vitest';
import { coldStartShare, instancesFor, monthlyCost, provisionedMonthlyCost } from '../../planner/cost.js';
import { US_EAST_1 } from '../../planner/pricing.js';

describe('monthlyCost', () => {
  it("reproduces AWS's worked example: 512 MB, 3 million requests of 1 s, with the free tier", () => {
    // https://aws.amazon.com/lambda/pricing/: 1,500,000 GB-s − 400,000 free = 1,100,000 GB-s × $0.0000166667 = $18.33;
    // 3M − 1M free requests = 2M × $0.20/M = $0.40; total $18.73.
    expect(monthlyCost({ requestsPerMonth: 3_000_000, durationMs: 1000, memoryMb: 512, freeTier: true })).toEqual({
      gbSeconds: 1_500_000,
      computeUsd: 18.33,
      requestUsd: 0.4,
      totalUsd: 18.73,
    });
  });

  it('without the free tier, and on arm64 (20% less per GB-second)', () => {
    expect(monthlyCost({ requestsPerMonth: 3_000_000, durationMs: 1000, memoryMb: 512 }).totalUsd).toBe(25.6);
    expect(monthlyCost({ requestsPerMonth: 3_000_000, durationMs: 1000, memoryMb: 512, architecture: 'arm64' }).totalUsd).toBe(20.6);
  });

  it('bills whole milliseconds', () => {
    expect(monthlyCost({ requestsPerMonth: 1000, durationMs: 1.2, memoryMb: 1024 }).gbSeconds).toBeCloseTo(2, 10);
  });

  it('the table says where and when its figures come from', () => {
    expect(US_EAST_1).toMatchObject({ region: 'us-east-1', source: 'https://aws.amazon.com/lambda/pricing/' });
    expect(US_EAST_1.takenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('provisionedMonthlyCost', () => {
  it('charges the provisioned GB-seconds all month plus duration and requests', () => {
    // 2 × 1 GB × 730 h × 3600 s × $0.0000041667 = $21.90; 1M × 0.1 s × 1 GB × $0.0000097222 = $0.97; $0.20.
    expect(provisionedMonthlyCost({ concurrency: 2, memoryMb: 1024, requestsPerMonth: 1_000_000, durationMs: 100 })).toMatchObject({
      provisionedUsd: 21.9,
      computeUsd: 0.97,
      requestUsd: 0.2,
      totalUsd: 23.07,
    });
  });
});

describe('cold starts', () => {
  it.each([
    // One request a minute with a 5-minute idle lifetime: e^-5 ≈ 0.7% cold.
    [1 / 60, 300, 0.0067],
    // One an hour: nearly always cold.
    [1 / 3600, 300, 0.92],
    [0, 300, 1],
  ])('rate %f/s, lifetime %i s → %f', (rate, lifetime, share) => {
    expect(coldStartShare(rate, lifetime)).toBeCloseTo(share, 3);
  });

  it.each([
    // 10 req/s of 100 ms: mean concurrency 1; 99% of the time ≤ 4 are busy.
    [10, 100, 0.01, 4],
    [100, 200, 0.01, 31],
    [0.01, 50, 0.01, 1],
    [0, 50, 0.01, 0],
  ])('%f req/s of %i ms, overflow ≤ %f → %i instances', (rate, ms, overflow, n) => {
    expect(instancesFor(rate, ms, overflow)).toBe(n);
  });
});
