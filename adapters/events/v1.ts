import { encodeBody, type BinaryTypeMatcher } from './binary.js';
import { contextDefaults, formatRequestTime, nonEmpty } from './context.js';
import { badEvent, decodeEventBody, sourceIsHttp } from './decode.js';
import { LambdaBadResponseError } from './errors.js';
import { forwardedHeaders, frameRequestHeaders, headerValue, isObject, rawFromMaps } from './headers.js';
import type { DecodedRequest, HeaderPairs, LambdaHttpRequest, LambdaHttpResponse } from './http.js';
import type { DecodeOptions } from './options.js';
import { checkHeaderValue, checkStatus, finishResponse, joined, parsePayload, resultBody, type PreparedResponse } from './result.js';
import type { ApiGatewayV1Event, ApiGatewayV1Result, StringListMap, StringMap } from './types.js';
import { encodeQuery, escapePath, parseQuery, requestTarget, stripPrefix } from './url.js';

// INPUT_DOCS below:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format

/** Groups lines by case-insensitive name, keeping the first spelling: `[name, values]` in order of appearance. */
function group(lines: [string, string][]): Map<string, [string, string[]]> {
  const groups = new Map<string, [string, string[]]>();
  for (const [name, value] of lines) {
    const key = name.toLowerCase();
    const entry = groups.get(key);
    if (entry) entry[1].push(value);
    else groups.set(key, [name, [value]]);
  }
  return groups;
}

/**
 * Proxy side: an HTTP request → a payload 1.0 event (REST API shape, `version: "1.0"` as HTTP APIs send it).
 * Header names keep their case; the single-value maps hold the **last** value, the `multiValue*` maps all of them;
 * empty maps are `null` (INPUT_DOCS).
 * @example
 *   const event = toApiGatewayV1Event({ method: 'POST', rawPath: '/orders', rawQuery: '', headers: [['content-type', 'application/json']],
 *     body: Buffer.from('{}'), sourceIp: '203.0.113.9', requestId: 'r-2', routeKey: 'POST /orders' });
 */
export function toApiGatewayV1Event(req: LambdaHttpRequest, isBinaryType?: BinaryTypeMatcher): ApiGatewayV1Event {
  const body = req.body ?? Buffer.alloc(0);
  const lines = forwardedHeaders(req.headers, body.length);
  const ctx = contextDefaults(req, lines);
  const headers: StringMap = {};
  const multiValueHeaders: StringListMap = {};
  for (const [name, values] of group(lines).values()) {
    headers[name] = values[values.length - 1]!;
    multiValueHeaders[name] = values;
  }
  const query: StringMap = {};
  const multiQuery: StringListMap = {};
  for (const [key, value] of parseQuery(req.rawQuery)) {
    query[key] = value;
    (multiQuery[key] ??= []).push(value);
  }
  const [text, isBase64Encoded] = encodeBody(body, headerValue(lines, 'content-type'), headerValue(lines, 'content-encoding'), isBinaryType);
  // `resource` is the route's path template (`/products/{id}`); the catch-all route is named `$default`.
  const space = ctx.routeKey.indexOf(' ');
  const resource = space === -1 ? ctx.routeKey : ctx.routeKey.slice(space + 1);
  const hasHeaders = nonEmpty(headers) !== undefined;
  const hasQuery = nonEmpty(query) !== undefined;
  return {
    version: '1.0',
    resource,
    path: req.rawPath,
    httpMethod: req.method,
    headers: hasHeaders ? headers : null,
    multiValueHeaders: hasHeaders ? multiValueHeaders : null,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    requestContext: {
      accountId: ctx.accountId,
      apiId: ctx.apiId,
      domainName: ctx.domainName,
      domainPrefix: ctx.domainPrefix,
      extendedRequestId: req.requestId,
      httpMethod: req.method,
      identity: { sourceIp: req.sourceIp, userAgent: ctx.userAgent === '' ? null : ctx.userAgent },
      // `requestContext.path` carries a named stage, `path` does not (INPUT_DOCS example: path vs requestContext.path).
      path: ctx.stage === '$default' ? req.rawPath : `/${ctx.stage}${req.rawPath}`,
      protocol: ctx.protocol,
      requestId: req.requestId,
      requestTime: formatRequestTime(ctx.timeEpoch),
      requestTimeEpoch: ctx.timeEpoch,
      resourceId: null,
      resourcePath: resource,
      stage: ctx.stage,
    },
    pathParameters: nonEmpty(req.pathParameters) ? { ...req.pathParameters } : null,
    stageVariables: null,
    body: text === '' ? null : text,
    isBase64Encoded,
  };
}

/**
 * Proxy side: a function's payload 1.0 result → what the client gets. For the same name `multiValueHeaders` wins
 * over `headers`; there is no inference: a result without `statusCode` is a bad response, as API Gateway answers
 * 502 "Malformed Lambda proxy response"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format).
 * @throws {LambdaBadResponseError} `STRANGLER_LAMBDA_BAD_RESPONSE`
 */
export function fromApiGatewayV1Result(payload: Uint8Array | string, method?: string): LambdaHttpResponse {
  const { value: result } = parsePayload(payload, 'payload 1.0');
  if (!isObject(result)) throw new LambdaBadResponseError('payload 1.0 result must be an object with statusCode');
  const statusCode = checkStatus(result.statusCode, 'payload 1.0');
  return finishResponse(statusCode, mergeResultHeaders(result, 'payload 1.0'), resultBody(result.body, result.isBase64Encoded, 'payload 1.0'), method);
}

/** `headers` + `multiValueHeaders` of a 1.0 or ALB result into lines; the multi-value entry wins per name. */
export function mergeResultHeaders(result: Record<string, unknown>, format: string): HeaderPairs {
  const out: HeaderPairs = [];
  const multiNames = new Set<string>();
  const multi = result.multiValueHeaders;
  if (multi !== undefined && multi !== null) {
    if (!isObject(multi)) throw new LambdaBadResponseError(`${format} result: multiValueHeaders must be an object`);
    for (const name of Object.keys(multi)) {
      const values = multi[name];
      if (!Array.isArray(values)) throw new LambdaBadResponseError(`${format} result: multiValueHeaders["${name}"] must be an array of strings`);
      const lower = name.toLowerCase();
      multiNames.add(lower);
      for (const [i, value] of values.entries()) out.push([lower, checkHeaderValue(value, `${format} result: multiValueHeaders["${name}"][${i}]`)]);
    }
  }
  const single = result.headers;
  if (single !== undefined && single !== null) {
    if (!isObject(single)) throw new LambdaBadResponseError(`${format} result: headers must be an object`);
    for (const name of Object.keys(single)) {
      const lower = name.toLowerCase();
      const value = checkHeaderValue(single[name], `${format} result: headers["${name}"]`);
      if (!multiNames.has(lower)) out.push([lower, value]);
    }
  }
  return out;
}

/** Adapter side: is this a payload 1.0 event (REST API, or HTTP API with payload 1.0)? */
export function isApiGatewayV1Event(event: unknown): event is ApiGatewayV1Event {
  return (
    isObject(event) &&
    typeof event.httpMethod === 'string' &&
    isObject(event.requestContext) &&
    !isObject(event.requestContext.elb) &&
    (event.version === undefined || event.version === '1.0')
  );
}

/**
 * Adapter side: a payload 1.0 event → the request the app sees. `path` never contains the stage (only
 * `requestContext.path` does), so only `basePath` is removed. Query values arrive decoded and are re-encoded.
 */
export function decodeApiGatewayV1Event(event: ApiGatewayV1Event, options: DecodeOptions = {}): DecodedRequest {
  if (event.httpMethod === '') badEvent('httpMethod must be a non-empty string');
  const path = stripPrefix(escapePath(typeof event.path === 'string' ? event.path : '/'), options.basePath);
  const query = encodeQuery(queryPairs(event.queryStringParameters, event.multiValueQueryStringParameters));
  const headers = rawFromMaps(event.headers, event.multiValueHeaders);
  const body = decodeEventBody(event.body, event.isBase64Encoded);
  const identity = isObject(event.requestContext.identity) ? event.requestContext.identity : undefined;
  return {
    method: event.httpMethod,
    url: requestTarget(path, query),
    headers: frameRequestHeaders(headers, body?.length ?? 0),
    body,
    remoteAddress: typeof identity?.sourceIp === 'string' ? identity.sourceIp : undefined,
    encrypted: !sourceIsHttp(headers),
  };
}

/** Query pairs from 1.0/ALB maps: the multi-value map when present (it has every value), else the single one. */
export function queryPairs(single: unknown, multi: unknown): [string, string][] {
  const out: [string, string][] = [];
  if (isObject(multi)) {
    for (const key of Object.keys(multi)) {
      const values = multi[key];
      if (Array.isArray(values)) for (const value of values) out.push([key, String(value)]);
    }
    if (out.length > 0 || !isObject(single)) return out;
  }
  if (isObject(single)) {
    for (const key of Object.keys(single)) {
      const value = single[key];
      if (value !== null && value !== undefined) out.push([key, String(value)]);
    }
  }
  return out;
}

/**
 * Adapter side: an app's prepared response → a payload 1.0 result. Every header is in `headers` (repeated values
 * joined with ", "), except Set-Cookie, which only `multiValueHeaders` can carry more than once.
 */
export function toApiGatewayV1Result(res: PreparedResponse): ApiGatewayV1Result {
  const headers: StringMap = {};
  const multiValueHeaders: StringListMap = {};
  for (let i = 0; i < res.names.length; i++) {
    const name = res.names[i]!;
    const value = res.values[i]!;
    headers[name] = joined(value);
    if (typeof value !== 'string' && value.length > 1) multiValueHeaders[name] = value;
  }
  if (res.cookies.length > 0) multiValueHeaders['set-cookie'] = res.cookies;
  const result: ApiGatewayV1Result = { statusCode: res.statusCode, headers, body: res.body, isBase64Encoded: res.isBase64Encoded };
  if (nonEmpty(multiValueHeaders)) result.multiValueHeaders = multiValueHeaders;
  return result;
}
