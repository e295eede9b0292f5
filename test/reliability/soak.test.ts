import { describe, expect, it } from 'vitest';
import { FAULTS, runSoak, type SoakSummary } from '../../bench/soak/index.js';

/**
 * The short fault soak (issue 16): the same runner as `npm run soak`, for about 10 s, paced to 30 requests/s over
 * 3 callers so it stays modest on a 2-core CI machine. `strangler proxy` and `strangler lambda serve` run from dist/
 * (test/global-setup.ts builds it). Asserts the invariants from the run's summary, and that the run really injected
 * what it claims (every fault, fallbacks, coded errors, the flags damage and the reloads).
 */
describe('fault soak (short)', () => {
  let summary: SoakSummary;

  it('keeps every invariant at 20% faults for 10 s', async () => {
    // act
    summary = await runSoak({ duration: 10, faultRate: 0.2, concurrency: 3, maxRps: 30, seed: 1, warmup: 3 });
    // assert: the invariants, with the first broken ones in the failure message
    expect(summary.firstViolations).toEqual([]);
    expect(summary.ok).toBe(true);
    expect(summary.safeRouteErrors).toBe(0);
    expect(summary.lost).toBe(0);
    expect(summary.executions.maxUnkeyedPost).toBeLessThanOrEqual(1);
  }, 90_000);

  it('really ran the traffic and the disturbances it reports', () => {
    expect(summary.requests).toBeGreaterThan(150);
    for (const fault of FAULTS) expect(summary.byFault[fault], fault).toBeGreaterThan(0);
    expect(Object.keys(summary.byKind).sort()).toEqual(['get', 'post', 'postKey']);
    expect(summary.servedByLambda).toBeGreaterThan(summary.requests * 0.4);
    // Throttles fall back whatever the method; the always-throttled route's breaker stays closed (in `ok`).
    expect(summary.fallbacksByCode['STRANGLER_LAMBDA_THROTTLED']).toBeGreaterThan(0);
    expect(summary.fallbacksByCode['STRANGLER_LAMBDA_FUNCTION_ERROR']).toBeGreaterThan(0);
    expect(summary.codedErrors).toBeGreaterThan(0);
    expect(summary.flagsFileErrors).toBeGreaterThanOrEqual(1);
    expect(summary.planReloads).toBeGreaterThanOrEqual(2);
    expect(summary.memory.proxy.peakMiB).toBeGreaterThan(0);
    expect(summary.memory.lambda.peakMiB).toBeGreaterThan(0);
  });
});
