import { performance } from 'node:perf_hooks';
import type { MonolithResponse, MonolithTarget } from './monolith.js';
import type { Exchange, LateSide } from '../exchange/exchange.js';
import type { ShadowCallTracer } from '../shadow/runner/runner.js';
import type { ShadowService, ServedRequest } from '../shadow/service.js';
import { teeBody } from '../shadow/wiring/capture.js';

/**
 * The dispatch's `shadow` path: the monolith serves the client (streaming, untouched) while copies of the request
 * and response bodies are kept (bounded by `shadow.maxBodyBytes`); once the client's response is complete, the
 * Lambda gets the same request in the background. Returns false when this request is not shadowed (the caller
 * serves it as usual).
 *
 * Wiring (proxy/server/dispatch.ts):
 *   if (ex.plan.serve === 'monolith' && shadow && serveMonolithWithShadow(ex, ex.generation.targets.monolith, shadow)) return;
 */
export function serveMonolithWithShadow(ex: Exchange, monolith: MonolithTarget, service: ShadowService): boolean {
  const route = ex.route;
  const stage = ex.decision?.stage;
  if (route === null || stage === undefined) return false;
  const method = ex.req.method ?? 'GET';
  const decision = service.decide(route.id, method, stage);
  if (!decision.shadow || decision.served !== 'monolith') return false;

  const max = service.maxBodyBytes;
  const started = performance.now();
  // Attached before the monolith target pipes the request (same tick), so no chunk is missed.
  const requestBody = teeBody(ex.req, max);
  let response: Promise<{ res: MonolithResponse; body: Buffer | null; latencyMs: number }> | undefined;
  monolith.serve(ex, {
    onResponse: (res) => {
      const body = teeBody(res, max);
      response = body.then((b) => ({ res, body: b, latencyMs: performance.now() - started }));
    },
  });
  // Registered on `finish`, before the exchange finishes on `close`: the shadow's result joins the request's
  // migration op event (proxy/exchange/exchange.ts).
  ex.res.once('finish', () => {
    if (response === undefined) return;
    const answered = response;
    ex.deferSide(
      Promise.all([requestBody, answered]).then(([reqBody, r]) => {
        if (reqBody === null || r.body === null) {
          service.skip(route.id, 'body-too-large');
          return undefined;
        }
        return handOverShadow(service, ex, route.id, decision, reqBody, { status: r.res.statusCode, headers: r.res.headers, body: r.body }, r.latencyMs);
      }),
    );
  });
  return true;
}

/**
 * Hands a request whose authoritative answer is complete to the shadow service: the client's request (with the
 * buffered body) and the answer it got. Both shadow paths use it (the monolith-served one above, the Lambda-served
 * one in proxy/targets/lambda.ts). With tracing on, the shadow call gets a span in the request's trace. Resolves
 * with the shadow as a late side of the request (undefined when it did not run), for `ex.deferSide`.
 */
export function handOverShadow(
  service: ShadowService,
  ex: Exchange,
  routeId: string,
  decision: ServedRequest['decision'],
  body: Buffer,
  response: ServedRequest['served']['response'],
  latencyMs: number,
): Promise<LateSide | undefined> {
  const request: ServedRequest['request'] & { trace?: ShadowCallTracer | undefined } = {
    method: ex.req.method ?? 'GET',
    url: ex.req.url ?? '/',
    headers: ex.headers,
    body,
    requestId: ex.id,
    remoteAddress: ex.req.socket.remoteAddress,
    facts: ex.facts(),
    trace: ex.trace?.shadowTracer(),
  };
  return service.afterResponse({ routeId, decision, request, served: { response, latencyMs } }).then(
    (result) =>
      result && {
        side: result.side,
        latencyMs: result.latencyMs,
        error: result.error !== undefined,
        role: 'shadow' as const,
        ...(result.consistent === undefined ? {} : { consistent: result.consistent }),
      },
  );
}
