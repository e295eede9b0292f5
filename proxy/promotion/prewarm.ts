import type { LambdaClient } from '@aws-sdk/client-lambda';
import { WARMUP_EVENT } from '../../adapters/warmup.js';
import { classifyOutcome } from '../fallback/classify.js';
import { parseLogResult } from '../lambda-health/index.js';
import type { Route } from '../plan/schema.js';
import { createLambdaClient, type LambdaConfig } from '../targets/client.js';
import { invokeRoute } from '../targets/invoke.js';
import { PromotionError, PROMOTION_ERROR_CODES } from './errors.js';

/** At most this many warm-up invocations at once (the default account concurrency of a Region is 1,000). */
export const MAX_PREWARM = 1_000;

/** What prewarming a function did. */
export interface PrewarmReport {
  function: string;
  requested: number;
  /** Invocations that answered. */
  invoked: number;
  /** Answered invocations whose REPORT line had `Init Duration`: execution environments started for the promotion. */
  coldStarts: number;
  /** Answered invocations without a REPORT line in their log tail (whether they were cold is not known). */
  unknown: number;
  /** Init Duration of each cold start, in ms (the latency the promotion's first requests did not pay). */
  initDurationsMs: number[];
  failed: number;
  /** Each failed invocation's code (the proxy's STRANGLER_LAMBDA_* vocabulary) and message. */
  failures: { code: string; message: string }[];
}

export interface PrewarmOptions {
  /** Defaults to a client built from `lambda` (the proxy's own configuration), destroyed afterwards. */
  client?: LambdaClient;
  lambda: LambdaConfig;
}

/**
 * Invokes the route's function `count` times at once with the warm-up event (adapters/warmup.ts), so Lambda starts
 * up to `count` execution environments before the route's traffic arrives, and counts the cold starts absorbed: with
 * `LogType: Tail`, the REPORT line of a new environment's first invocation carries `Init Duration` (docs/lambda-http.md,
 * "The Invoke API"). The calls go through the proxy's invocation path (same client configuration, same deadline,
 * same failure codes). Never throws for a failed invocation: failures are in the report.
 * @example
 *   const report = await prewarm(route, 10, { lambda: plan.lambda });
 *   if (report.failed > 0) console.error(report.failures);
 */
export async function prewarm(route: Route, count: number, options: PrewarmOptions): Promise<PrewarmReport> {
  checkPrewarmCount(count);
  const client = options.client ?? createLambdaClient(options.lambda);
  const payload = Buffer.from(JSON.stringify(WARMUP_EVENT));
  try {
    const outcomes = await Promise.all(
      Array.from({ length: count }, () =>
        invokeRoute(client, { functionName: route.function.name, qualifier: route.function.qualifier, payload, timeoutMs: route.timeoutMs, logTail: true }),
      ),
    );
    const report: PrewarmReport = {
      function: route.function.name,
      requested: count,
      invoked: 0,
      coldStarts: 0,
      unknown: 0,
      initDurationsMs: [],
      failed: 0,
      failures: [],
    };
    for (const outcome of outcomes) {
      if (outcome.kind === 'error' || outcome.functionError !== undefined) {
        // The proxy's own classification, so a prewarm failure reads like the same failure on a request.
        const c = classifyOutcome({ route, method: 'POST', outcome });
        const failure = c.ok ? { code: 'STRANGLER_LAMBDA_FUNCTION_ERROR', message: 'function error' } : { code: c.failure.code, message: c.failure.message };
        report.failed++;
        report.failures.push(failure);
        continue;
      }
      report.invoked++;
      const tail = parseLogResult(outcome.logResult);
      if (tail === undefined) report.unknown++;
      else if (tail.coldStart) {
        report.coldStarts++;
        if (tail.initDurationMs !== undefined) report.initDurationsMs.push(tail.initDurationMs);
      }
    }
    return report;
  } finally {
    if (options.client === undefined) client.destroy();
  }
}

/** Throws STRANGLER_PROMOTE_INVALID (400) unless `count` is a whole number from 1 to MAX_PREWARM. */
export function checkPrewarmCount(count: unknown): asserts count is number {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_PREWARM) {
    throw new PromotionError(PROMOTION_ERROR_CODES.invalid, `prewarm must be a whole number from 1 to ${MAX_PREWARM} (got ${JSON.stringify(count)})`, {
      statusCode: 400,
    });
  }
}

/** One line per distinct failure code, e.g. `3 × STRANGLER_LAMBDA_THROTTLED: …`. */
export function prewarmFailureLines(report: PrewarmReport): string[] {
  const byCode = new Map<string, { count: number; message: string }>();
  for (const f of report.failures) {
    const have = byCode.get(f.code);
    if (have) have.count++;
    else byCode.set(f.code, { count: 1, message: f.message });
  }
  return [...byCode].map(([code, { count, message }]) => `${count} × ${code}: ${message}`);
}
