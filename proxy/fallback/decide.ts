import type { IncomingHttpHeaders } from 'node:http';
import type { Route } from '../plan/schema.js';
import type { LambdaFailure } from './errors.js';
import type { RequestPlan } from '../stages/plan.js';

/**
 * May a failed Lambda request be replayed to the monolith? Only when the stage allows it (`live`, `rampdown`:
 * `planRequest(...).fallback`; never in `complete`) and replaying cannot run an effect twice: the method is in the
 * route's `fallback.methods` (default GET, HEAD, OPTIONS), or the route set `fallback.idempotencyKey` and the
 * request carries an `Idempotency-Key` header (draft-ietf-httpapi-idempotency-key-header: the server dedupes).
 * @example
 *   mayFallBack(planRequest('live', 'GET'), route, 'GET', {}) // true
 *   mayFallBack(planRequest('live', 'POST'), route, 'POST', {}) // false
 */
export function mayFallBack(plan: RequestPlan, route: Route, method: string, headers: IncomingHttpHeaders): boolean {
  if (!plan.fallback) return false;
  const config = route.fallback;
  if ((config.methods as readonly string[]).includes(method)) return true;
  const key = headers['idempotency-key'];
  return config.idempotencyKey && typeof key === 'string' && key.trim() !== '';
}

/**
 * Does this failure fall back? When the request may be replayed (`mayFallBack`, decided before the invocation), or
 * when Lambda throttled it in a stage that falls back at all: a throttled invocation never ran (429
 * `TooManyRequestsException`, https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html), so replaying it to
 * the monolith cannot run an effect twice, whatever the method.
 * @example
 *   fallsBack(new LambdaFailure('throttled', '…'), planRequest('live', 'POST'), false) // true
 */
export function fallsBack(failure: Pick<LambdaFailure, 'kind'>, plan: RequestPlan, mayReplay: boolean): boolean {
  return mayReplay || (failure.kind === 'throttled' && plan.fallback);
}
