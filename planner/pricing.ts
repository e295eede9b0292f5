/**
 * AWS Lambda prices in US East (N. Virginia), the region of AWS's own worked examples. One table, so a change of
 * price is one edit: check it against https://aws.amazon.com/lambda/pricing/ before relying on a forecast.
 *
 * Taken on 2026-12-03 from the figures AWS publishes on that page (on-demand duration per GB-second, requests per
 * million, provisioned concurrency and the duration price with it, the monthly free tier); the test
 * test/planner/cost.test.ts reproduces the page's worked example with them.
 */

export type Architecture = 'x86_64' | 'arm64';

export interface LambdaPrices {
  region: string;
  /** ISO date the figures were taken. */
  takenOn: string;
  source: string;
  /** USD per million requests (both architectures). */
  requestsPerMillion: number;
  /** USD per GB-second of on-demand duration (first pricing tier). */
  durationPerGbSecond: Record<Architecture, number>;
  /** USD per GB-second that provisioned concurrency is kept, whether used or not. */
  provisionedPerGbSecond: Record<Architecture, number>;
  /** USD per GB-second of duration on provisioned instances. */
  provisionedDurationPerGbSecond: Record<Architecture, number>;
  /** The monthly free tier (not for provisioned concurrency). */
  freeTier: { requests: number; gbSeconds: number };
}

export const US_EAST_1: LambdaPrices = {
  region: 'us-east-1',
  takenOn: '2026-12-03',
  source: 'https://aws.amazon.com/lambda/pricing/',
  requestsPerMillion: 0.2,
  durationPerGbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 },
  provisionedPerGbSecond: { x86_64: 0.0000041667, arm64: 0.0000033334 },
  provisionedDurationPerGbSecond: { x86_64: 0.0000097222, arm64: 0.0000077778 },
  freeTier: { requests: 1_000_000, gbSeconds: 400_000 },
};

/** Seconds in the month AWS's examples use for "always on" (730 hours). */
export const SECONDS_PER_MONTH = 730 * 3600;
