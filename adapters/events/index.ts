/**
 * The event contract shared by the proxy (encoders `toApiGateway*Event`, decoders `fromApiGateway*Result`) and the
 * adapters (detection, `decode*Event`, `to*Result`). Pure functions on plain data.
 */
export type { AlbEvent, AlbResult, ApiGatewayV1Event, ApiGatewayV1Result, ApiGatewayV2Event, ApiGatewayV2Result } from './types.js';
export type { EventSource, HttpEvent, HttpResult, StringListMap, StringMap } from './types.js';
export type { AppResponse, DecodedRequest, HeaderPairs, LambdaHttpRequest, LambdaHttpResponse, RawHeaders } from './http.js';
export type { DecodeOptions } from './options.js';
export { compileBinaryTypes, encodeBody, isBinaryBody, isTextMediaType, mediaType, type BinaryTypeMatcher } from './binary.js';
export { LAMBDA_BAD_RESPONSE, LambdaBadResponseError } from './errors.js';
export { HOP_BY_HOP, toHeaderPairs } from './headers.js';
export { prepareResponse, type PreparedResponse } from './result.js';
export { decodeApiGatewayV2Event, fromApiGatewayV2Result, isApiGatewayV2Event, isFunctionUrlEvent, toApiGatewayV2Event, toApiGatewayV2Result } from './v2.js';
export { decodeApiGatewayV1Event, fromApiGatewayV1Result, isApiGatewayV1Event, toApiGatewayV1Event, toApiGatewayV1Result } from './v1.js';
export { decodeAlbEvent, fromAlbResult, isAlbEvent, isAlbMultiValueEvent, toAlbResult } from './alb.js';
export { decodeEvent, detectEventSource, encodeResult } from './detect.js';
export { formatRequestTime } from './context.js';
