import { toApiGatewayV1Event, toApiGatewayV2Event, type LambdaHttpRequest } from '../../adapters/events/index.js';
import type { Route } from '../plan/schema.js';

/**
 * Lambda's synchronous payload limit: 6 MB for the whole invocation payload, i.e. the event JSON with the body in it
 * (base64 bodies grow by a third). https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;

/** What the proxy knows of a request, for the event (the HTTP side of `LambdaHttpRequest`). */
export interface RouteRequest {
  method: string;
  /** Path and query as received (`/a%20b?x=1`). */
  url: string;
  /** Node's flat rawHeaders, or `[name, value]` pairs. */
  headers: LambdaHttpRequest['headers'];
  body: Buffer | undefined;
  sourceIp: string;
  protocol?: string;
  requestId: string;
  /** Path parameters from the route match (find-my-way's, already percent-decoded). */
  params?: Record<string, string | undefined> | null;
}

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
 * The invocation payload for a request on `route`: an API Gateway event in the route's `payloadFormat` (2.0 by
 * default), built by the shared contract in adapters/events (the adapters decode exactly what this encodes), as
 * JSON bytes.
 * @example
 *   const payload = routeEventPayload(route, { method: 'GET', url: '/products/7', headers: req.rawHeaders, ... });
 *   if (payload.length > SYNC_PAYLOAD_LIMIT) ...
 */
export function routeEventPayload(route: Route, request: RouteRequest): Buffer {
  const q = request.url.indexOf('?');
  const pathParameters: Record<string, string> = {};
  let hasParams = false;
  for (const [name, value] of Object.entries(request.params ?? {})) {
    if (value === undefined) continue;
    pathParameters[name === '*' ? 'proxy' : name] = value;
    hasParams = true;
  }
  const input: LambdaHttpRequest = {
    method: request.method,
    rawPath: q === -1 ? request.url : request.url.slice(0, q),
    rawQuery: q === -1 ? '' : request.url.slice(q + 1),
    headers: request.headers,
    body: request.body,
    sourceIp: request.sourceIp,
    protocol: request.protocol,
    requestId: request.requestId,
    routeKey: routeKeyOf(route, request.method),
    ...(hasParams ? { pathParameters } : {}),
  };
  const event = route.payloadFormat === '1.0' ? toApiGatewayV1Event(input) : toApiGatewayV2Event(input);
  return Buffer.from(JSON.stringify(event));
}
