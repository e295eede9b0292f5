/**
 * Cost and cold starts of one candidate function (its routes share instances), from the observed rate and
 * durations: on-demand cost on both architectures, the expected cold-start share, and the provisioned concurrency
 * that would keep cold starts under a target, with its cost. The arithmetic is in ../cost.ts.
 */
import { coldStartShare, instancesFor, monthlyCost, provisionedMonthlyCost, type CostEstimate } from '../cost.js';
import { SECONDS_PER_MONTH, US_EAST_1, type Architecture, type LambdaPrices } from '../pricing.js';
import { addPerMinute, loadShape, meanMs, type RouteTraffic } from './traffic.js';

/** Lambda's default memory size when neither the plan nor `--memory` gives one: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html */
export const DEFAULT_MEMORY_MB = 128;
/**
 * How long an idle execution environment is assumed to be kept. AWS does not publish it; observations put it
 * between 5 and 15 minutes (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html says only
 * that it is kept "for some time"). `--idle-lifetime` changes it.
 */
export const DEFAULT_IDLE_LIFETIME_S = 600;
/** Share of requests that may meet a cold start before provisioned concurrency is proposed. */
export const DEFAULT_COLD_START_TARGET = 0.01;
/** The duration assumed for routes whose log has no durations (NCSA combined), ms. */
export const ASSUMED_DURATION_MS = 100;

export type DurationSource = 'billed' | 'lambda' | 'monolith' | 'mixed' | 'assumed';

export interface ForecastOptions {
  windowMinutes: number;
  memoryMb: number;
  idleLifetimeS: number;
  coldStartTarget: number;
  prices?: LambdaPrices;
}

export interface Forecast {
  requests: number;
  ratePerS: number;
  peakRatePerS: number;
  requestsPerMonth: number;
  /** Request-weighted mean duration: Lambda's billed one (REPORT lines) or measured one where the route ran there, else the monolith's. */
  durationMs: number;
  durationSource: DurationSource;
  memoryMb: number;
  cost: Record<Architecture, CostEstimate>;
  coldStarts: { share: number; perMonth: number; idleLifetimeS: number };
  provisioned: { target: number; concurrency: number; monthlyUsd: Record<Architecture, number> };
}

/**
 * A route's mean duration and where it comes from: Lambda's billed duration (REPORT lines) where known, else what
 * the proxy measured of its Lambda invocations (which includes the invoke round trip), else the monolith's latency.
 */
export function routeDuration(r: RouteTraffic): { durationMs: number; source: Exclude<DurationSource, 'mixed'> } {
  const billed = r.total.lambdaBilledCount ?? 0;
  if (billed > 0) return { durationMs: (r.total.lambdaBilledMsSum ?? 0) / billed, source: 'billed' };
  const lambda = meanMs(r.total, 'lambda');
  if (lambda !== undefined) return { durationMs: lambda, source: 'lambda' };
  const monolith = meanMs(r.total, 'monolith');
  if (monolith !== undefined) return { durationMs: monolith, source: 'monolith' };
  return { durationMs: ASSUMED_DURATION_MS, source: 'assumed' };
}

/**
 * @example
 *   forecast(candidate.routes, { windowMinutes: 60, memoryMb: 256, idleLifetimeS: 600, coldStartTarget: 0.01 });
 */
export function forecast(routes: readonly RouteTraffic[], options: ForecastOptions): Forecast {
  const prices = options.prices ?? US_EAST_1;
  const minutes = Math.max(1, options.windowMinutes);
  const perMinute = addPerMinute(routes);
  let requests = 0;
  let weighted = 0;
  const sources = new Set<DurationSource>();
  for (const r of routes) {
    const d = routeDuration(r);
    requests += r.total.requests;
    weighted += d.durationMs * r.total.requests;
    sources.add(d.source);
  }
  const durationMs = requests === 0 ? ASSUMED_DURATION_MS : weighted / requests;
  const durationSource: DurationSource = sources.size === 1 ? [...sources][0]! : sources.size === 0 ? 'assumed' : 'mixed';
  const ratePerS = requests / (minutes * 60);
  const peakRatePerS = loadShape(perMinute, minutes).peakPerMinute / 60;
  const requestsPerMonth = Math.round(ratePerS * SECONDS_PER_MONTH);
  const cost = {
    x86_64: monthlyCost({ requestsPerMonth, durationMs, memoryMb: options.memoryMb, architecture: 'x86_64' }, prices),
    arm64: monthlyCost({ requestsPerMonth, durationMs, memoryMb: options.memoryMb, architecture: 'arm64' }, prices),
  };
  const share = coldShare(perMinute, options.idleLifetimeS);
  const concurrency = share <= options.coldStartTarget ? 0 : instancesFor(peakRatePerS, durationMs, options.coldStartTarget);
  const provisionedUsd = (architecture: Architecture): number =>
    concurrency === 0 ? 0 : provisionedMonthlyCost({ requestsPerMonth, durationMs, memoryMb: options.memoryMb, architecture, concurrency }, prices).totalUsd;
  return {
    requests,
    ratePerS,
    peakRatePerS,
    requestsPerMonth,
    durationMs,
    durationSource,
    memoryMb: options.memoryMb,
    cost,
    coldStarts: { share, perMonth: Math.round(share * requestsPerMonth), idleLifetimeS: options.idleLifetimeS },
    provisioned: { target: options.coldStartTarget, concurrency, monthlyUsd: { x86_64: provisionedUsd('x86_64'), arm64: provisionedUsd('arm64') } },
  };
}

/**
 * The expected share of cold requests from the arrival rate minute by minute: a request is cold when none came in
 * the idle lifetime before it, e^(−λ·lifetime) for arrivals at rate λ (../cost.ts coldStartShare), where λ is the
 * rate over the lifetime that ends with the request's minute. Weighted by each minute's requests, so quiet spells
 * make the next requests cold and busy ones keep them warm. Before the window nothing is known: it counts as quiet.
 * @example
 *   coldShare(new Map([[0, 1]]), 600); // one request alone: e^(−1/600 × 600) ≈ 0.37
 */
export function coldShare(perMinute: ReadonlyMap<number, number>, idleLifetimeS: number): number {
  const span = Math.max(1, Math.round(idleLifetimeS / 60));
  const minutes = [...perMinute.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cold = 0;
  let trailing = 0;
  let first = 0;
  for (const [index, n] of minutes) {
    trailing += n;
    while (minutes[first]![0] <= index - span) trailing -= minutes[first++]![1];
    total += n;
    cold += n * coldStartShare(trailing / (span * 60), idleLifetimeS);
  }
  return total === 0 ? 0 : cold / total;
}
