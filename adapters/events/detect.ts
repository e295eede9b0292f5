import { AdapterError, AdapterErrorCode } from '../errors.js';
import { decodeAlbEvent, isAlbEvent, isAlbMultiValueEvent, toAlbResult } from './alb.js';
import type { DecodedRequest } from './http.js';
import type { DecodeOptions } from './options.js';
import type { PreparedResponse } from './result.js';
import type { AlbEvent, ApiGatewayV1Event, ApiGatewayV2Event, EventSource, HttpResult } from './types.js';
import { decodeApiGatewayV1Event, isApiGatewayV1Event, toApiGatewayV1Result } from './v1.js';
import { decodeApiGatewayV2Event, isApiGatewayV2Event, isFunctionUrlEvent, toApiGatewayV2Result } from './v2.js';

/**
 * Which source sent an event. ALB first (its events look like 1.0 ones but carry `requestContext.elb`), then 2.0
 * (`version: "2.0"`; a `lambda-url` domain means a Function URL), then 1.0.
 * @throws {AdapterError} `STRANGLER_ADAPTER_UNKNOWN_EVENT` for anything else (an SQS record, a scheduled event...).
 */
export function detectEventSource(event: unknown): EventSource {
  if (isAlbEvent(event)) return isAlbMultiValueEvent(event) ? 'albMultiValue' : 'alb';
  if (isApiGatewayV2Event(event)) return isFunctionUrlEvent(event) ? 'functionUrl' : 'apiGatewayV2';
  if (isApiGatewayV1Event(event)) return 'apiGatewayV1';
  const keys = event !== null && typeof event === 'object' ? Object.keys(event).slice(0, 8).join(', ') : typeof event;
  throw new AdapterError(
    AdapterErrorCode.UNKNOWN_EVENT,
    `not an HTTP event from API Gateway (payload 1.0 or 2.0), an ALB or a Function URL (got: ${keys || 'an empty object'})`,
  );
}

/** Decodes an event of a known source into the request the app sees. */
export function decodeEvent(source: EventSource, event: unknown, options?: DecodeOptions): DecodedRequest {
  switch (source) {
    case 'apiGatewayV2':
    case 'functionUrl':
      return decodeApiGatewayV2Event(event as ApiGatewayV2Event, options);
    case 'apiGatewayV1':
      return decodeApiGatewayV1Event(event as ApiGatewayV1Event, options);
    case 'alb':
    case 'albMultiValue':
      return decodeAlbEvent(event as AlbEvent, options);
  }
}

/** Writes a prepared response in the result format of the source. */
export function encodeResult(source: EventSource, res: PreparedResponse): HttpResult {
  switch (source) {
    case 'apiGatewayV2':
    case 'functionUrl':
      return toApiGatewayV2Result(res);
    case 'apiGatewayV1':
      return toApiGatewayV1Result(res);
    case 'alb':
      return toAlbResult(res, false);
    case 'albMultiValue':
      return toAlbResult(res, true);
  }
}
