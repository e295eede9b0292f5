import type { Registry } from 'prom-client';
import { LAMBDA_FAILURES } from '../fallback/errors.js';
import { RollingStats } from './window.js';

/**
 * The rolling stats of each proxy, keyed by the proxy's metrics registry (one per proxy, reachable from the
 * Exchange as `shared.metrics.registry` and from admin plugins as `ctx.metrics.registry`). A WeakMap keeps this
 * opt-in without widening the proxy's shared state: a proxy whose registry has no stats attached records nothing
 * (`createProxy` alone), `createPlanProxy` attaches them for the dashboard.
 */
const byRegistry = new WeakMap<Registry, RollingStats>();

/** Attaches (or returns the already attached) rolling stats to a proxy's registry. */
export function attachRequestStats(registry: Registry, options?: ConstructorParameters<typeof RollingStats>[0]): RollingStats {
  let stats = byRegistry.get(registry);
  if (stats === undefined) {
    stats = new RollingStats(options);
    byRegistry.set(registry, stats);
  }
  return stats;
}

/** The stats attached to a proxy's registry, or undefined (the proxy's `finish` then skips recording). */
export function requestStatsOf(registry: Registry): RollingStats | undefined {
  return byRegistry.get(registry);
}

/**
 * Whether a request fell back to the monolith, from what the serving target put in its log line (issue 4's Lambda
 * target): `fallback` (true, or the reason) or `fallbackReason`.
 */
export function isFallback(logFields: Record<string, unknown> | undefined): boolean {
  if (logFields === undefined) return false;
  const f = logFields.fallback;
  return (f !== undefined && f !== null && f !== false) || (logFields.fallbackReason !== undefined && logFields.fallbackReason !== null);
}

/** Whether Lambda throttled the request's invocation, from the Lambda target's log line (`lambdaError`). */
export function isThrottle(logFields: Record<string, unknown> | undefined): boolean {
  return logFields?.lambdaError === LAMBDA_FAILURES.throttled.code;
}
