import { SECONDS_PER_MONTH, US_EAST_1, type Architecture, type LambdaPrices } from './pricing.js';

/** What a route (or a group of routes as one function) would cost on Lambda in a month. */
export interface CostInput {
  requestsPerMonth: number;
  /** Mean billed duration per request, ms (Lambda bills per 1 ms). */
  durationMs: number;
  memoryMb: number;
  architecture?: Architecture;
  /** Subtract the monthly free tier (it is per account, so off by default for one function). */
  freeTier?: boolean;
}

export interface CostEstimate {
  gbSeconds: number;
  computeUsd: number;
  requestUsd: number;
  totalUsd: number;
}

/**
 * On-demand cost: GB-seconds (memory in GB × billed seconds) at the duration price, plus requests at the request
 * price, each less the free tier when asked. Amounts are rounded to cents as AWS's examples are.
 * @example
 *   monthlyCost({ requestsPerMonth: 3e6, durationMs: 1000, memoryMb: 512, freeTier: true }).totalUsd; // 18.73
 */
export function monthlyCost(input: CostInput, prices: LambdaPrices = US_EAST_1): CostEstimate {
  const arch = input.architecture ?? 'x86_64';
  const gbSeconds = input.requestsPerMonth * (Math.ceil(input.durationMs) / 1000) * (input.memoryMb / 1024);
  const billableGbs = Math.max(0, gbSeconds - (input.freeTier ? prices.freeTier.gbSeconds : 0));
  const billableRequests = Math.max(0, input.requestsPerMonth - (input.freeTier ? prices.freeTier.requests : 0));
  const computeUsd = cents(billableGbs * prices.durationPerGbSecond[arch]);
  const requestUsd = cents((billableRequests / 1e6) * prices.requestsPerMillion);
  return { gbSeconds, computeUsd, requestUsd, totalUsd: cents(computeUsd + requestUsd) };
}

/**
 * Keeping `concurrency` instances provisioned all month, and serving the month's requests on them: the provisioned
 * GB-seconds, the duration at the provisioned duration price, and the requests (no free tier applies).
 */
export function provisionedMonthlyCost(
  input: Omit<CostInput, 'freeTier'> & { concurrency: number },
  prices: LambdaPrices = US_EAST_1,
): CostEstimate & { provisionedUsd: number } {
  const arch = input.architecture ?? 'x86_64';
  const gb = input.memoryMb / 1024;
  const provisionedUsd = cents(input.concurrency * gb * SECONDS_PER_MONTH * prices.provisionedPerGbSecond[arch]);
  const gbSeconds = input.requestsPerMonth * (Math.ceil(input.durationMs) / 1000) * gb;
  const computeUsd = cents(gbSeconds * prices.provisionedDurationPerGbSecond[arch]);
  const requestUsd = cents((input.requestsPerMonth / 1e6) * prices.requestsPerMillion);
  return { gbSeconds, computeUsd, requestUsd, provisionedUsd, totalUsd: cents(provisionedUsd + computeUsd + requestUsd) };
}

/**
 * The share of requests expected to meet a cold start when requests arrive at `ratePerSecond` (as a Poisson
 * process) and an idle execution environment is reclaimed after `idleLifetimeS`: a request is cold when no request
 * came in the lifetime before it, e^(−rate × lifetime). It is a floor: bursts that need more environments add their
 * own cold starts, which `instancesFor` sizes.
 */
export function coldStartShare(ratePerSecond: number, idleLifetimeS: number): number {
  if (ratePerSecond <= 0) return 1;
  return Math.exp(-ratePerSecond * idleLifetimeS);
}

/**
 * The provisioned instances that serve all but `overflowShare` of requests without a new environment: the smallest N
 * with P(concurrency > N) ≤ overflowShare, where concurrency is Poisson with mean rate × duration (Little's law).
 */
export function instancesFor(ratePerSecond: number, durationMs: number, overflowShare: number): number {
  const mean = ratePerSecond * (durationMs / 1000);
  if (mean <= 0) return 0;
  let p = Math.exp(-mean);
  let cumulative = p;
  let n = 0;
  while (1 - cumulative > overflowShare && n < 100_000) {
    n++;
    p *= mean / n;
    cumulative += p;
  }
  return Math.max(1, n);
}

function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}
