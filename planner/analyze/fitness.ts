/**
 * Fitness rules: each a pure function of one route's traffic → a verdict, the reason in words, and the numbers it
 * rests on. Thresholds are named constants with the page they come from (docs/lambda-http.md explains them).
 */
import { LATENCY_BOUNDS_MS, SIZE_BOUNDS_BYTES } from '../inventory/index.js';
import { monthlyCost } from '../cost.js';
import { SECONDS_PER_MONTH, type Architecture } from '../pricing.js';
import { allLatencies, countAbove, loadShape, quantileMs, type RouteTraffic } from './traffic.js';

/** Worst first: a route's fitness is its worst finding's verdict. */
export const VERDICTS = ['unfit', 'monolith-cheaper', 'caution', 'fit', 'unknown'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface Finding {
  rule: string;
  verdict: Verdict;
  reason: string;
  evidence: Record<string, number>;
}

export interface FitnessContext {
  /** The deadline the route would run under: the function's (or route's) timeout, capped by API Gateway's when fronted by it. */
  timeoutMs: number;
  /** Where `timeoutMs` comes from, for the reason text. */
  timeoutSource: string;
  /** Mean duration the cost is computed with, ms. */
  durationMs: number;
  memoryMb: number;
  architecture: Architecture;
  /** Mean rate (requests per second) from which steady load counts as high. Default STEADY_HIGH_RATE_PER_S. */
  steadyRatePerS?: number;
}

/** Lambda's synchronous invocation payload limit, request and response each: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
export const SYNC_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;
/** "Near" a limit: this share of it. */
export const NEAR_LIMIT_SHARE = 0.8;
/** A binary body travels base64-encoded in the event and the result, 4 bytes for every 3: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html */
export const BASE64_GROWTH = 4 / 3;
/** API Gateway's integration timeout (REST APIs; HTTP APIs allow 30 s): https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html */
export const API_GATEWAY_TIMEOUT_MS = 29_000;
/** Per-minute rates whose coefficient of variation is at most this are steady. */
export const STEADY_CV = 0.3;
/** ... and above this, spiky. */
export const SPIKY_CV = 1;
/** Steady load from this mean rate (requests per second) up is marked "cheaper in the monolith". */
export const STEADY_HIGH_RATE_PER_S = 5;
/** Below this mean rate (requests per second) load is low: Lambda's pay-per-request fits. */
export const LOW_RATE_PER_S = 0.1;
/** Minutes of traffic the load-shape rule needs before it judges. */
export const LOAD_MIN_MINUTES = 3;

/** File types that are binary bodies (images, archives, fonts, documents). */
const BINARY_PATH =
  /\.(png|jpe?g|gif|webp|avif|ico|bmp|tiff?|pdf|zip|gz|tgz|br|woff2?|ttf|otf|mp[34]|webm|ogg|wav|bin|exe|dmg|xlsx?|docx?)$|\/(image|images|img|thumbnail|download|avatar)s?(\/|$)/i;

/** Requests whose size bucket lies wholly above `bytes` (a lower bound of how many were larger). */
function countSizeAbove(counts: readonly number[], bytes: number): number {
  return countAbove(counts, SIZE_BOUNDS_BYTES, bytes);
}

export function payloadRule(r: RouteTraffic): Finding {
  const t = r.total;
  const largest = Math.max(t.maxRequestBytes, t.maxResponseBytes);
  const evidence = {
    maxRequestBytes: t.maxRequestBytes,
    maxResponseBytes: t.maxResponseBytes,
    requestsOverLimit: countSizeAbove(t.requestBytes, SYNC_PAYLOAD_LIMIT_BYTES) + countSizeAbove(t.responseBytes, SYNC_PAYLOAD_LIMIT_BYTES),
    limitBytes: SYNC_PAYLOAD_LIMIT_BYTES,
  };
  if (largest > SYNC_PAYLOAD_LIMIT_BYTES) {
    return { rule: 'payload', verdict: 'unfit', reason: `bodies up to ${mb(largest)} exceed Lambda's 6 MB synchronous payload limit`, evidence };
  }
  if (largest >= NEAR_LIMIT_SHARE * SYNC_PAYLOAD_LIMIT_BYTES) {
    return { rule: 'payload', verdict: 'caution', reason: `bodies up to ${mb(largest)} are near Lambda's 6 MB synchronous payload limit`, evidence };
  }
  return { rule: 'payload', verdict: 'fit', reason: `largest body ${mb(largest)}, under the 6 MB limit`, evidence };
}

/** Binary bodies are fine, but base64 makes them a third larger against the same 6 MB. Null for non-binary paths. */
export function binaryRule(r: RouteTraffic): Finding | null {
  if (!BINARY_PATH.test(r.path)) return null;
  const encoded = Math.ceil(r.total.maxResponseBytes * BASE64_GROWTH);
  const evidence = { maxResponseBytes: r.total.maxResponseBytes, maxEncodedBytes: encoded, limitBytes: SYNC_PAYLOAD_LIMIT_BYTES };
  if (encoded > SYNC_PAYLOAD_LIMIT_BYTES) {
    return {
      rule: 'binary',
      verdict: 'unfit',
      reason: `binary bodies up to ${mb(r.total.maxResponseBytes)} are ${mb(encoded)} in base64, over the 6 MB limit`,
      evidence,
    };
  }
  const verdict = encoded >= NEAR_LIMIT_SHARE * SYNC_PAYLOAD_LIMIT_BYTES ? 'caution' : 'fit';
  return { rule: 'binary', verdict, reason: `binary bodies travel base64-encoded (+33%): ${mb(r.total.maxResponseBytes)} becomes ${mb(encoded)}`, evidence };
}

export function durationRule(r: RouteTraffic, ctx: FitnessContext): Finding {
  const latencies = allLatencies(r.total);
  const p99 = quantileMs(latencies, 0.99);
  if (p99 === undefined) return { rule: 'duration', verdict: 'unknown', reason: 'the log has no durations', evidence: { timeoutMs: ctx.timeoutMs } };
  const over = countAbove(latencies, LATENCY_BOUNDS_MS, ctx.timeoutMs);
  const near = countAbove(latencies, LATENCY_BOUNDS_MS, NEAR_LIMIT_SHARE * ctx.timeoutMs);
  const evidence = { p99Ms: Number.isFinite(p99) ? p99 : -1, requestsOverTimeout: over, requestsNearTimeout: near, timeoutMs: ctx.timeoutMs };
  if (over > 0)
    return { rule: 'duration', verdict: 'unfit', reason: `${over} request(s) took longer than the ${s(ctx.timeoutMs)} ${ctx.timeoutSource}`, evidence };
  if (near > 0 || p99 >= ctx.timeoutMs) {
    return { rule: 'duration', verdict: 'caution', reason: `requests come near the ${s(ctx.timeoutMs)} ${ctx.timeoutSource} (p99 ≤ ${s(p99)})`, evidence };
  }
  return { rule: 'duration', verdict: 'fit', reason: `p99 ≤ ${s(p99)}, well under the ${s(ctx.timeoutMs)} ${ctx.timeoutSource}`, evidence };
}

/** WebSocket upgrades cannot go through Invoke; SSE and streamed responses need response streaming or buffering. Null when none were seen. */
export function streamingRule(r: RouteTraffic): Finding | null {
  const { upgrades, sse, streaming } = r.total;
  const evidence = { upgrades, sse, streaming };
  if (upgrades > 0) {
    return {
      rule: 'streaming',
      verdict: 'unfit',
      reason: `${upgrades} WebSocket upgrade(s): a Lambda invocation answers once (API Gateway WebSocket APIs are a different design)`,
      evidence,
    };
  }
  if (sse > 0 || streaming > 0) {
    return {
      rule: 'streaming',
      verdict: 'caution',
      reason: `${sse + streaming} streamed response(s) (SSE or chunked): Lambda buffers them unless the function uses response streaming`,
      evidence,
    };
  }
  return null;
}

/** Steady high load is cheaper on a server that is busy anyway; spiky or low load suits pay-per-request. */
export function loadRule(r: RouteTraffic, minutes: number, ctx: FitnessContext): Finding {
  const shape = loadShape(r.perMinute, minutes);
  const ratePerS = shape.meanPerMinute / 60;
  const monthly = monthlyCost({
    requestsPerMonth: ratePerS * SECONDS_PER_MONTH,
    durationMs: ctx.durationMs,
    memoryMb: ctx.memoryMb,
    architecture: ctx.architecture,
  });
  const evidence = {
    meanRatePerS: round(ratePerS, 3),
    peakRatePerS: round(shape.peakPerMinute / 60, 3),
    cv: round(shape.cv, 3),
    minutes,
    busyInstances: round(ratePerS * (ctx.durationMs / 1000), 3),
    lambdaMonthlyUsd: monthly.totalUsd,
  };
  if (minutes < LOAD_MIN_MINUTES)
    return { rule: 'load', verdict: 'unknown', reason: `${minutes} minute(s) of traffic; the load shape needs ${LOAD_MIN_MINUTES}`, evidence };
  const high = ctx.steadyRatePerS ?? STEADY_HIGH_RATE_PER_S;
  if (ratePerS >= high && shape.cv <= STEADY_CV) {
    return {
      rule: 'load',
      verdict: 'monolith-cheaper',
      reason: `steady high load: ${round(ratePerS, 2)} req/s with CV ${round(shape.cv, 2)} would cost $${monthly.totalUsd}/month on Lambda for ${round(evidence.busyInstances, 2)} instance(s) busy all the time; cheaper in the monolith`,
      evidence,
    };
  }
  if (ratePerS < LOW_RATE_PER_S) return { rule: 'load', verdict: 'fit', reason: `low load: ${round(ratePerS * 60, 2)} req/min; pay per request`, evidence };
  if (shape.cv > SPIKY_CV)
    return {
      rule: 'load',
      verdict: 'fit',
      reason: `spiky load: CV ${round(shape.cv, 2)}, peak ${round(shape.peakPerMinute / 60, 2)} req/s; Lambda scales with the bursts`,
      evidence,
    };
  return { rule: 'load', verdict: 'fit', reason: `${round(ratePerS, 2)} req/s with CV ${round(shape.cv, 2)}`, evidence };
}

export interface Fitness {
  verdict: Verdict;
  findings: Finding[];
}

/** Every rule on one route; the verdict is the worst finding's. */
export function assessRoute(r: RouteTraffic, minutes: number, ctx: FitnessContext): Fitness {
  const findings = [payloadRule(r), binaryRule(r), durationRule(r, ctx), streamingRule(r), loadRule(r, minutes, ctx)].filter((f): f is Finding => f !== null);
  return { verdict: worst(findings.map((f) => f.verdict)), findings };
}

export function worst(verdicts: readonly Verdict[]): Verdict {
  let at = VERDICTS.length - 1;
  for (const v of verdicts) at = Math.min(at, VERDICTS.indexOf(v));
  return VERDICTS[at]!;
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${round(bytes / 1024 / 1024, 2)} MB` : `${round(bytes / 1024, 1)} KB`;
}

function s(ms: number): string {
  return ms >= 1000 ? `${round(ms / 1000, 2)} s` : `${ms} ms`;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
