import type { CapturedResponse } from '../shadow/compare/compare.js';
import type { ShadowCall, ShadowCallRequest } from '../shadow/runner/runner.js';
import { LambdaFailure } from '../fallback/errors.js';
import { clientAddress } from '../http/headers.js';
import type { RequestFacts } from '../routing/facts.js';
import type { PlanRouter } from '../routing/router.js';
import { traceHeadersOf } from '../tracing/propagation.js';
import { headerBag, routeEventPayload, SYNC_PAYLOAD_LIMIT } from './event.js';
import type { LambdaShadowCaller, ShadowGeneration } from '../services/lambda-shared.js';

export type { LambdaShadowCaller, ShadowGeneration } from '../services/lambda-shared.js';

/** The client context every shadow invocation carries: a function can tell a shadow call from a real one. */
export const SHADOW_CLIENT_CONTEXT = { custom: { 'x-strangler-shadow': '1' } } as const;

/**
 * `callLambda` for the shadow service (`shadow` stage): invokes the function of the route the proxy matched (the
 * request's facts travel with the shadow job; a call without them is matched against the serving plan), with the
 * same event builder as the live path (`routeEventPayload`), the same event converters and the same single invocation function as the live path (`LambdaTarget.invoke`
 * → `invokeRoute`), marked twice: the event's headers carry `x-strangler-shadow: 1` (the runner adds it) and the
 * client context is `{"custom":{"x-strangler-shadow":"1"}}` (`context.clientContext` in Node). A shadow never
 * falls back, never retries and never touches the route's circuit breaker. A function error rejects with the
 * coded LambdaFailure (the runner records it); a `fallback.onStatus` answer is still an answer to compare.
 * @example
 *   const caller = createLambdaShadowCaller();
 *   const shadow = createShadowService({ loaded, callLambda: caller.call });
 *   createProxy(loaded, { shadow, lambda: { shadowCaller: caller } });
 */
export function createLambdaShadowCaller(): LambdaShadowCaller {
  let current: (() => ShadowGeneration) | undefined;
  const call: ShadowCall = async (req: ShadowCallRequest): Promise<CapturedResponse> => {
    if (current === undefined) throw new LambdaFailure('network', 'the Lambda shadow caller is not attached to a proxy', { countsForBreaker: false });
    const gen = current();
    const facts = req.facts ?? factsFromRouter(gen.router, req);
    const headers: [string, string][] = [];
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.push([name, v]);
      else headers.push([name, value]);
    }
    const route = facts.route;
    // The live path's event (proxy/targets/event.ts) with the shadow's headers: the dry-run marker, the request id.
    const payload = routeEventPayload(facts, headers, req.body);
    if (payload.length > SYNC_PAYLOAD_LIMIT)
      throw new LambdaFailure('requestTooLarge', `the shadow request does not fit in a synchronous invocation of ${route.function.name}`);
    // The trace headers the call carries (the shadow span's, with tracing on) also go into the client context.
    const { classification: c } = await gen.targets.lambda.invoke(route, req.method, payload, {
      signal: req.signal,
      clientContext: SHADOW_CLIENT_CONTEXT,
      traceHeaders: traceHeadersOf(req.headers),
    });
    const response = c.ok ? c.response : c.response;
    if (response === undefined) throw (c as { failure: LambdaFailure }).failure;
    return { status: response.statusCode, headers: headerBag(response.headers), body: response.body };
  };
  return {
    call,
    attach(fn) {
      current = fn;
    },
  };
}

/**
 * A call made outside a proxy request (no facts carried): the route is the one the request matches in the serving
 * plan, the client is assumed to have spoken HTTP/1.1.
 */
function factsFromRouter(router: PlanRouter, req: ShadowCallRequest): RequestFacts {
  const match = router.match(req.method, req.url);
  if (match === null) throw new LambdaFailure('notFound', `no plan route matches ${req.method} ${req.url.split('?')[0]}`, { countsForBreaker: false });
  return {
    requestId: req.requestId,
    route: match.route,
    params: match.params,
    method: req.method,
    url: req.url,
    sourceIp: clientAddress(req.remoteAddress) ?? '',
    protocol: 'HTTP/1.1',
  };
}
