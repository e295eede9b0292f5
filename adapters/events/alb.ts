import { badEvent, decodeEventBody, sourceIsHttp } from './decode.js';
import { LambdaBadResponseError } from './errors.js';
import { frameRequestHeaders, isObject, rawFromMaps, rawHeaderValue } from './headers.js';
import type { DecodedRequest, LambdaHttpResponse } from './http.js';
import type { DecodeOptions } from './options.js';
import { checkStatus, finishResponse, joined, parsePayload, resultBody, type PreparedResponse } from './result.js';
import type { AlbEvent, AlbResult, StringListMap, StringMap } from './types.js';
import { escapePath, escapeQuery, requestTarget, stripPrefix } from './url.js';
import { mergeResultHeaders, queryPairs } from './v1.js';

// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html

/** Adapter side: is this an Application Load Balancer event (either mode)? */
export function isAlbEvent(event: unknown): event is AlbEvent {
  return isObject(event) && isObject(event.requestContext) && isObject(event.requestContext.elb);
}

/**
 * Adapter side: is this an ALB event from a target group with multi-value headers on? Such events carry only the
 * `multiValue*` maps, and the result must answer with `multiValueHeaders` (the lambda-functions page, "Multi-value
 * headers").
 */
export function isAlbMultiValueEvent(event: unknown): event is AlbEvent {
  return isAlbEvent(event) && isObject(event.multiValueHeaders);
}

/**
 * Adapter side: an ALB event → the request the app sees. ALB sends query keys and values as the client wrote them
 * (**not** URL-decoded), so they are joined back unchanged; the client address is the last X-Forwarded-For hop,
 * the one ALB appended.
 */
export function decodeAlbEvent(event: AlbEvent, options: DecodeOptions = {}): DecodedRequest {
  if (typeof event.httpMethod !== 'string' || event.httpMethod === '') badEvent('httpMethod must be a non-empty string');
  const path = stripPrefix(escapePath(typeof event.path === 'string' ? event.path : '/'), options.basePath);
  const query = escapeQuery(
    queryPairs(event.queryStringParameters, event.multiValueQueryStringParameters)
      .map(([key, value]) => `${key}=${value}`)
      .join('&'),
  );
  const headers = rawFromMaps(event.headers, event.multiValueHeaders);
  const body = decodeEventBody(event.body, event.isBase64Encoded);
  const forwardedFor = rawHeaderValue(headers, 'x-forwarded-for');
  const hops = forwardedFor?.split(',');
  return {
    method: event.httpMethod,
    url: requestTarget(path, query),
    headers: frameRequestHeaders(headers, body?.length ?? 0),
    body,
    remoteAddress: hops ? hops[hops.length - 1]!.trim() : undefined,
    encrypted: !sourceIsHttp(headers),
  };
}

/**
 * Adapter side: an app's prepared response → an ALB result, in the mode of the event. In the default mode a
 * header has one value: repeated values are joined with ", ", and of several Set-Cookie only the last is kept
 * (turn on the target group's multi-value headers to send them all).
 */
export function toAlbResult(res: PreparedResponse, multiValue: boolean): AlbResult {
  const result: AlbResult = {
    statusCode: res.statusCode,
    // ALB needs the reason phrase: "200 OK" (the lambda-functions page, "Respond to the load balancer").
    statusDescription: `${res.statusCode} ${res.statusMessage}`.trimEnd(),
    body: res.body,
    isBase64Encoded: res.isBase64Encoded,
  };
  if (multiValue) {
    const multiValueHeaders: StringListMap = {};
    for (let i = 0; i < res.names.length; i++) {
      const value = res.values[i]!;
      multiValueHeaders[res.names[i]!] = typeof value === 'string' ? [value] : value;
    }
    if (res.cookies.length > 0) multiValueHeaders['set-cookie'] = res.cookies;
    result.multiValueHeaders = multiValueHeaders;
  } else {
    const headers: StringMap = {};
    for (let i = 0; i < res.names.length; i++) headers[res.names[i]!] = joined(res.values[i]!);
    if (res.cookies.length > 0) headers['set-cookie'] = res.cookies[res.cookies.length - 1]!;
    result.headers = headers;
  }
  return result;
}

/**
 * An ALB result → what the client gets (used by tests and tools that stand in for a load balancer). With
 * `multiValue` only `multiValueHeaders` counts, else only `headers`, as ALB reads them.
 * @throws {LambdaBadResponseError} `STRANGLER_LAMBDA_BAD_RESPONSE`
 */
export function fromAlbResult(payload: Uint8Array | string, multiValue: boolean, method?: string): LambdaHttpResponse {
  const { value: result } = parsePayload(payload, 'ALB');
  if (!isObject(result)) throw new LambdaBadResponseError('ALB result must be an object with statusCode');
  const statusCode = checkStatus(result.statusCode, 'ALB');
  const view = multiValue ? { multiValueHeaders: result.multiValueHeaders } : { headers: result.headers };
  return finishResponse(statusCode, mergeResultHeaders(view, 'ALB'), resultBody(result.body, result.isBase64Encoded, 'ALB'), method);
}
