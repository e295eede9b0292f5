import { readFileSync } from 'node:fs';
import {
  fromAlbResult,
  fromApiGatewayV1Result,
  fromApiGatewayV2Result,
  toApiGatewayV1Event,
  toApiGatewayV2Event,
  toHeaderPairs,
  type AlbEvent,
  type EventSource,
  type HttpResult,
  type LambdaHttpRequest,
  type LambdaHttpResponse,
} from '../../../adapters/index.js';

const FIXTURES = new URL('../../fixtures/events/', import.meta.url);

/** A fresh copy of a documented event fixture (test/fixtures/events/NAME.json). */
export function loadEvent<T = Record<string, any>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as T;
}

/** Every documented fixture and the source it must be detected as. */
export const FIXTURE_SOURCES: { fixture: string; source: EventSource }[] = [
  { fixture: 'api-gateway-v2', source: 'apiGatewayV2' },
  { fixture: 'function-url', source: 'functionUrl' },
  { fixture: 'api-gateway-v1', source: 'apiGatewayV1' },
  { fixture: 'api-gateway-rest', source: 'apiGatewayV1' },
  { fixture: 'alb', source: 'alb' },
  { fixture: 'alb-multi-value', source: 'albMultiValue' },
];

export const SOURCES: EventSource[] = ['apiGatewayV2', 'functionUrl', 'apiGatewayV1', 'alb', 'albMultiValue'];

/** A request description with defaults, as the proxy would describe it. */
export function request(overrides: Partial<LambdaHttpRequest> = {}): LambdaHttpRequest {
  return {
    method: 'GET',
    rawPath: '/',
    rawQuery: '',
    headers: [['host', 'shop.example.com']],
    body: undefined,
    sourceIp: '203.0.113.7',
    requestId: 'req-1',
    timeEpoch: 1_700_000_000_000,
    ...overrides,
  };
}

/**
 * Builds the event a source would send for a request: the proxy's encoders for API Gateway, and for ALB the
 * documented fixture with the request's fields as ALB fills them (query not decoded, lower-case header names,
 * last value wins unless multi-value mode is on).
 */
export function eventFor(source: EventSource, req: LambdaHttpRequest): unknown {
  switch (source) {
    case 'apiGatewayV2':
      return toApiGatewayV2Event(req);
    case 'functionUrl':
      return toApiGatewayV2Event({ ...req, domainName: 'abcdefghij.lambda-url.us-east-1.on.aws', accountId: 'anonymous' });
    case 'apiGatewayV1':
      return toApiGatewayV1Event(req);
    case 'alb':
    case 'albMultiValue':
      return albEvent(req, source === 'albMultiValue');
  }
}

function albEvent(req: LambdaHttpRequest, multi: boolean): AlbEvent {
  const event = loadEvent<AlbEvent>(multi ? 'alb-multi-value' : 'alb');
  delete event.headers;
  delete event.multiValueHeaders;
  delete event.queryStringParameters;
  delete event.multiValueQueryStringParameters;
  const v1 = toApiGatewayV1Event(req); // reuse its body encoding (the one shared binary rule)
  const headers: Record<string, string[]> = {};
  for (const [name, value] of toHeaderPairs(req.headers)) (headers[name.toLowerCase()] ??= []).push(value);
  if (v1.multiValueHeaders?.['content-length']) headers['content-length'] = v1.multiValueHeaders['content-length'];
  // ALB appends the client to X-Forwarded-For and adds the port and protocol it received on.
  const forwarded = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = [forwarded ? `${forwarded.join(', ')}, ${req.sourceIp}` : req.sourceIp];
  headers['x-forwarded-port'] ??= ['443'];
  headers['x-forwarded-proto'] ??= ['https'];
  const query: Record<string, string[]> = {};
  for (const part of req.rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    (query[eq === -1 ? part : part.slice(0, eq)] ??= []).push(eq === -1 ? '' : part.slice(eq + 1));
  }
  event.httpMethod = req.method;
  event.path = req.rawPath;
  if (multi) {
    event.multiValueHeaders = headers;
    event.multiValueQueryStringParameters = query;
  } else {
    event.headers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v[v.length - 1]!]));
    event.queryStringParameters = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v[v.length - 1]!]));
  }
  event.body = v1.body ?? '';
  event.isBase64Encoded = v1.isBase64Encoded;
  return event;
}

/** What a client gets from a result, read the way the source reads it (the proxy's decoders). */
export function clientView(source: EventSource, result: HttpResult | unknown, method?: string): LambdaHttpResponse {
  const payload = JSON.stringify(result);
  switch (source) {
    case 'apiGatewayV2':
    case 'functionUrl':
      return fromApiGatewayV2Result(payload, method);
    case 'apiGatewayV1':
      return fromApiGatewayV1Result(payload, method);
    case 'alb':
      return fromAlbResult(payload, false, method);
    case 'albMultiValue':
      return fromAlbResult(payload, true, method);
  }
}

/** All values of a header (lower-case name) in a client view. */
export function values(res: LambdaHttpResponse, name: string): string[] {
  return res.headers.filter(([key]) => key === name).map(([, value]) => value);
}
