/** What happens when a Lambda-served request fails: classification, the fallback rule, circuit breakers, metrics. */
export { FallbackSchema, BreakerSchema, DEFAULT_FALLBACK_METHODS, type FallbackConfig } from '../schemas/fallback.js';
export { LAMBDA_FAILURES, LambdaFailure, type FailureKind, type LambdaFailureCode } from './errors.js';
export { classifyOutcome, type Classification, type ClassifyContext, type ClassifyHook } from './classify.js';
export type { InvokeRouteOutcome } from './outcome.js';
export { mayFallBack, fallsBack } from './decide.js';
export { RouteBreaker, BreakerRegistry, REJECTED } from './breaker.js';
export type { BreakerState } from './metrics.js';
export { WindowBreaker, type WindowBreakerOptions } from './window.js';
export { FallbackMetrics } from './metrics.js';
export { breakerRowsHook } from './admin.js';
