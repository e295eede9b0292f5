import { encodeBody, type BinaryTypeMatcher } from './binary.js';
import { contextDefaults, formatRequestTime, nonEmpty } from './context.js';
import { LambdaBadResponseError } from './errors.js';
import { forwardedHeaders, frameRequestHeaders, headerValue, isObject } from './headers.js';
import type { DecodedRequest, HeaderPairs, LambdaHttpRequest, LambdaHttpResponse, RawHeaders } from './http.js';
import type { DecodeOptions } from './options.js';
import { checkHeaderValue, checkStatus, finishResponse, joined, parsePayload, resultBody, type PreparedResponse } from './result.js';
import type { ApiGatewayV2Event, ApiGatewayV2Result, StringMap } from './types.js';
import { escapePath, escapeQuery, parseQuery, requestTarget, stripPrefix } from './url.js';
import { badEvent, decodeEventBody, sourceIsHttp } from './decode.js';

// DOCS below: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html

/**
 * Proxy side: an HTTP request → an API Gateway HTTP API payload 2.0 event, every field as API Gateway fills it.
 * @example
 *   const event = toApiGatewayV2Event({ method: 'GET', rawPath: '/products/7', rawQuery: 'a=1', headers: req.rawHeaders,
 *     body: undefined, sourceIp: '203.0.113.9', requestId: 'r-1', routeKey: 'GET /products/{id}', pathParameters: { id: '7' } });
 */
export function toApiGatewayV2Event(req: LambdaHttpRequest, isBinaryType?: BinaryTypeMatcher): ApiGatewayV2Event {
  const body = req.body ?? Buffer.alloc(0);
  const lines = forwardedHeaders(req.headers, body.length);
  const ctx = contextDefaults(req, lines);
  const headers: StringMap = {};
  const cookies: string[] = [];
  for (const [name, value] of lines) {
    const key = name.toLowerCase(); // "All header names are lowercase" (DOCS, payload format structure)
    if (key === 'cookie') {
      // Cookies leave the headers for their own array, one entry per cookie (DOCS, "cookies field").
      for (const part of value.split(';')) {
        const cookie = part.trim();
        if (cookie !== '') cookies.push(cookie);
      }
      continue;
    }
    // "Duplicate headers are combined with commas" (DOCS, payload format differences).
    headers[key] = Object.hasOwn(headers, key) ? `${headers[key]},${value}` : value;
  }
  // "Duplicate query strings are combined with commas"; values are decoded, rawQueryString keeps them exact.
  const query: StringMap = {};
  for (const [key, value] of parseQuery(req.rawQuery)) query[key] = Object.hasOwn(query, key) ? `${query[key]},${value}` : value;
  const [text, isBase64Encoded] = encodeBody(body, headerValue(lines, 'content-type'), headerValue(lines, 'content-encoding'), isBinaryType);

  const event: ApiGatewayV2Event = {
    version: '2.0',
    routeKey: ctx.routeKey,
    rawPath: req.rawPath,
    rawQueryString: req.rawQuery,
    headers,
    requestContext: {
      accountId: ctx.accountId,
      apiId: ctx.apiId,
      domainName: ctx.domainName,
      domainPrefix: ctx.domainPrefix,
      http: { method: req.method, path: req.rawPath, protocol: ctx.protocol, sourceIp: req.sourceIp, userAgent: ctx.userAgent },
      requestId: req.requestId,
      routeKey: ctx.routeKey,
      stage: ctx.stage,
      time: formatRequestTime(ctx.timeEpoch),
      timeEpoch: ctx.timeEpoch,
    },
    isBase64Encoded,
  };
  // Empty optional fields are omitted, not sent empty (observed; docs/lambda-http.md).
  if (cookies.length > 0) event.cookies = cookies;
  if (nonEmpty(query)) event.queryStringParameters = query;
  const pathParameters = nonEmpty(req.pathParameters);
  if (pathParameters) event.pathParameters = { ...pathParameters };
  if (text !== '') event.body = text;
  return event;
}

/**
 * Proxy side: a function's payload 2.0 result → what the client gets. A valid JSON result without `statusCode` is
 * inferred as a 200 `application/json` answer with the payload as body (a JSON string is sent as its text)
 * (DOCS, "Lambda function response for format 2.0"). `cookies` become one `set-cookie` each.
 * Pass the request method so a HEAD answer keeps its `content-length` and drops any body.
 * @throws {LambdaBadResponseError} `STRANGLER_LAMBDA_BAD_RESPONSE` for what API Gateway would answer 502 to.
 */
export function fromApiGatewayV2Result(payload: Uint8Array | string, method?: string): LambdaHttpResponse {
  const { value: result, text } = parsePayload(payload, 'payload 2.0');
  if (!isObject(result) || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : text.trim();
    return finishResponse(200, [['content-type', 'application/json']], Buffer.from(body, 'utf8'), method);
  }
  const statusCode = checkStatus(result.statusCode, 'payload 2.0');
  const headers: HeaderPairs = [];
  if (result.headers !== undefined && result.headers !== null) {
    if (!isObject(result.headers)) throw new LambdaBadResponseError('payload 2.0 result: headers must be an object');
    for (const name of Object.keys(result.headers)) {
      headers.push([name.toLowerCase(), checkHeaderValue(result.headers[name], `payload 2.0 result: headers["${name}"]`)]);
    }
  }
  if (result.cookies !== undefined && result.cookies !== null) {
    if (!Array.isArray(result.cookies)) throw new LambdaBadResponseError('payload 2.0 result: cookies must be an array of strings');
    for (const [i, cookie] of result.cookies.entries()) headers.push(['set-cookie', checkHeaderValue(cookie, `payload 2.0 result: cookies[${i}]`)]);
  }
  return finishResponse(statusCode, headers, resultBody(result.body, result.isBase64Encoded, 'payload 2.0'), method);
}

/** Adapter side: is this an API Gateway HTTP API (or Function URL) payload 2.0 event? */
export function isApiGatewayV2Event(event: unknown): event is ApiGatewayV2Event {
  return isObject(event) && event.version === '2.0' && isObject(event.requestContext) && isObject(event.requestContext.http);
}

/**
 * Adapter side: is this a Lambda Function URL event? Same payload as 2.0; told apart by the `lambda-url` domain.
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads
 */
export function isFunctionUrlEvent(event: unknown): event is ApiGatewayV2Event {
  if (!isApiGatewayV2Event(event)) return false;
  const domain = (event.requestContext as { domainName?: unknown }).domainName;
  return typeof domain === 'string' && domain.includes('.lambda-url.');
}

/** Adapter side: a payload 2.0 (or Function URL) event → the request the app sees. */
export function decodeApiGatewayV2Event(event: ApiGatewayV2Event, options: DecodeOptions = {}): DecodedRequest {
  const http = event.requestContext.http;
  if (typeof http.method !== 'string' || http.method === '') badEvent('requestContext.http.method must be a non-empty string');
  let path = escapePath(typeof event.rawPath === 'string' ? event.rawPath : typeof http.path === 'string' ? http.path : '/');
  // A named stage prefixes rawPath (`/prod/items`); `$default` never does.
  // https://github.com/aws-powertools/powertools-lambda-python/issues/621
  const stage = event.requestContext.stage;
  if (options.stripStage !== false && typeof stage === 'string' && stage !== '$default' && stage !== '') {
    path = stripPrefix(path, `/${stage}`);
  }
  path = stripPrefix(path, options.basePath);
  let query: string;
  if (typeof event.rawQueryString === 'string') query = escapeQuery(event.rawQueryString);
  else query = queryFromMap(event.queryStringParameters);
  const body = decodeEventBody(event.body, event.isBase64Encoded);
  const headers = v2Headers(event.headers, event.cookies);
  return {
    method: http.method,
    url: requestTarget(path, query),
    headers: frameRequestHeaders(headers, body?.length ?? 0),
    body,
    remoteAddress: typeof http.sourceIp === 'string' ? http.sourceIp : undefined,
    encrypted: !sourceIsHttp(headers),
  };
}

/** A 2.0 event's header lines; the `cookies` array goes back into one Cookie header (RFC 6265 §5.4: "; "). */
function v2Headers(map: unknown, cookies: unknown): RawHeaders {
  const out: RawHeaders = [];
  const hasCookies = Array.isArray(cookies) && cookies.length > 0;
  if (isObject(map)) {
    for (const name in map) {
      const value = map[name];
      if (value === null || value === undefined) continue;
      if (hasCookies && name.length === 6 && name.toLowerCase() === 'cookie') continue;
      out.push(name, typeof value === 'string' ? value : String(value));
    }
  }
  if (hasCookies) out.push('cookie', (cookies as unknown[]).join('; '));
  return out;
}

/** Hand-written events sometimes carry only `queryStringParameters`: rebuild a query (values are decoded). */
function queryFromMap(map: unknown): string {
  if (!isObject(map)) return '';
  const pairs: string[] = [];
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (typeof value === 'string') pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  return pairs.join('&');
}

/** Adapter side: an app's prepared response → a payload 2.0 result (Set-Cookie only in `cookies`). */
export function toApiGatewayV2Result(res: PreparedResponse): ApiGatewayV2Result {
  const headers: StringMap = {};
  for (let i = 0; i < res.names.length; i++) headers[res.names[i]!] = joined(res.values[i]!);
  const result: ApiGatewayV2Result = { statusCode: res.statusCode, headers };
  // "Each cookie becomes its own set-cookie header"; never put set-cookie in headers (DOCS, response format).
  if (res.cookies.length > 0) result.cookies = res.cookies;
  result.body = res.body;
  result.isBase64Encoded = res.isBase64Encoded;
  return result;
}
