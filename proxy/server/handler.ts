import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../plan/schema.js';
import type { StageDecision } from '../stages/resolver.js';
import { planRequest } from '../stages/plan.js';
import { clientAddress } from '../http/headers.js';
import { RequestTrace } from '../tracing/request-trace.js';
import { PathInvalidError } from '../routing/path.js';
import { dispatch } from './dispatch.js';
import { normaliseRequestTarget } from '../routing/request-target.js';
import { Exchange, kExchange, onResponseClose, type ExchangeCarrier } from '../exchange/exchange.js';
import type { Generation } from './generation.js';
import { admitRequest, type Admission } from './inbound.js';
import { refuseOnResponse } from './reject.js';

/** Where the handler finds the generation serving now (swapped by reload). */
export interface CurrentGeneration {
  current: Generation;
}

/**
 * Takes one client request through the proxy: admit it (the front door), normalise its target (once: every side
 * gets the normalised path), match a plan route, ask the stage resolver, dispatch. The response (node's, not
 * fastify's: fastify has hijacked it before the body was touched) is answered by a target; its `close` event
 * finishes the exchange.
 */
export function handleRequest(state: CurrentGeneration, req: IncomingMessage, res: ServerResponse & ExchangeCarrier, id: string): void {
  const gen = state.current;
  const admission = admitRequest(req, id);
  if (admission.rejected !== undefined) {
    refuseOnResponse(gen.services, res, admission.rejected, { requestId: id, method: req.method ?? null, url: req.url ?? null });
    return;
  }
  // Before anything reads the target (the span included): from here on `req.url` is the normalised origin form. A
  // target that cannot be normalised safely (bad or encoded-slash escapes) is refused at the front door like any
  // malformed request: coded 400, a log line, strangler_rejected_requests_total.
  const received = req.url ?? null;
  try {
    normaliseRequestTarget(req, gen.plan.routing);
  } catch (err) {
    if (!(err instanceof PathInvalidError)) throw err;
    refuseOnResponse(gen.services, res, err, { requestId: id, method: req.method ?? null, url: received });
    return;
  }
  const ex = new Exchange(req, res, id, gen, performance.now());
  if (admission.stripped !== undefined || admission.droppedTraceparent) noteAdmission(ex, admission);
  gen.requestStarted();
  gen.services.metrics.started();
  res[kExchange] = ex;
  // `on`, not `once`: 'close' fires once, and `once` would wrap the listener in a closure per request.
  res.on('close', onResponseClose);
  // Tracing off (the usual case): no span, headers untouched.
  const tracing = gen.services.tracing;
  if (tracing !== undefined) ex.trace = new RequestTrace(tracing, req, id);
  const url = req.url ?? '/';
  const method = req.method ?? 'GET';
  const match = gen.router.match(method, url);
  if (match === null) {
    dispatch(ex);
    return;
  }
  const route = match.route;
  ex.route = route;
  ex.params = match.params;
  let decision: StageDecision | Promise<StageDecision>;
  try {
    const q = url.indexOf('?');
    decision = gen.services.resolver.decide(route, {
      method,
      path: q === -1 ? url : url.slice(0, q),
      headers: req.headers,
      ip: clientAddress(req.socket.remoteAddress) ?? '',
    });
  } catch (err) {
    decision = resolverFailed(ex, route, err);
  }
  if (decision instanceof Promise) {
    decision.then(
      (d) => proceed(ex, d),
      (err: unknown) => proceed(ex, resolverFailed(ex, route, err)),
    );
  } else {
    proceed(ex, decision);
  }
}

function proceed(ex: Exchange<Generation>, decision: StageDecision): void {
  if (ex.finished) return;
  ex.decision = decision;
  ex.plan = planRequest(decision.stage, ex.req.method ?? 'GET', ex.route!.writes === 'dual');
  dispatch(ex);
}

/** The resolver contract says never throw; if one does, the route's plan stage serves (source `default`). */
function resolverFailed(ex: Exchange, route: Route, err: unknown): StageDecision {
  ex.generation.services.logger.error({ err, routeId: route.id, requestId: ex.id }, 'stage resolver failed; using the plan stage');
  return { stage: route.stage, source: 'default', reason: 'resolver error' };
}

/** What the front door removed goes on the request's log line (and the stripped headers into a metric). */
function noteAdmission(ex: Exchange, admission: Admission): void {
  const fields: Record<string, unknown> = {};
  if (admission.stripped !== undefined) {
    fields.strippedHeaders = admission.stripped;
    ex.generation.services.metrics.stripped(admission.stripped);
  }
  if (admission.droppedTraceparent) fields.invalidTraceparent = true;
  ex.logFields = fields;
}
