import { LAMBDA_FAILURES } from '../fallback/errors.js';

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
