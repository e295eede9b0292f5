import type { IncomingHttpHeaders } from 'node:http';
import { toApiGatewayV1Event, toApiGatewayV2Event, type HeaderPairs, type LambdaHttpRequest } from '../../adapters/events/index.js';
import type { Route } from '../plan/schema.js';
import type { RequestFacts } from '../routing/facts.js';

/**
 * Lambda's synchronous payload limit: 6 MB for the whole invocation payload, i.e. the event JSON with the body in it
 * (base64 bodies grow by a third). https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;

/**
 * The route's path as API Gateway writes route keys: `/products/:id` → `/products/{id}`, a trailing `*` →
 * `{proxy+}` (greedy path variable). https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
export function apiGatewayPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}').replace(/\*$/, '{proxy+}');
}

/** `GET /products/{id}`; `ANY /...` when the route matches every method (API Gateway's catch-all method). */
export function routeKeyOf(route: Route, method: string): string {
  const any = route.match.methods.length >= 8;
  return `${any ? 'ANY' : method} ${apiGatewayPath(route.match.path)}`;
}

/**
 * The invocation payload for one request: an API Gateway event in the route's `payloadFormat` (2.0 by default),
 * built by the shared contract in adapters/events (the adapters decode exactly what this encodes), as JSON bytes.
 * The one builder of the live, shadow and second-write paths: they differ only in the headers they pass (a shadow
 * copy carries `x-strangler-shadow: 1`, the dry-run marker; docs/lambda-http.md).
 * @example
 *   const payload = routeEventPayload(requestFactsOf(req, id, route, params), req.rawHeaders, body);
 *   if (payload.length > SYNC_PAYLOAD_LIMIT) ...
 */
export function routeEventPayload(facts: RequestFacts, headers: LambdaHttpRequest['headers'], body: Buffer | undefined): Buffer {
  const { route, url, method } = facts;
  const q = url.indexOf('?');
  const pathParameters: Record<string, string> = {};
  let hasParams = false;
  if (facts.params !== null) {
    for (const name in facts.params) {
      const value = facts.params[name];
      if (value === undefined) continue;
      pathParameters[name === '*' ? 'proxy' : name] = value;
      hasParams = true;
    }
  }
  const input: LambdaHttpRequest = {
    method,
    rawPath: q === -1 ? url : url.slice(0, q),
    rawQuery: q === -1 ? '' : url.slice(q + 1),
    headers,
    body,
    sourceIp: facts.sourceIp,
    protocol: facts.protocol,
    requestId: facts.requestId,
    routeKey: routeKeyOf(route, method),
    ...(hasParams ? { pathParameters } : {}),
  };
  const event = route.payloadFormat === '1.0' ? toApiGatewayV1Event(input) : toApiGatewayV2Event(input);
  return Buffer.from(JSON.stringify(event));
}

/** Header pairs as Node's `IncomingHttpHeaders` shape (for the shadow comparison). */
export function headerBag(pairs: HeaderPairs): IncomingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}
