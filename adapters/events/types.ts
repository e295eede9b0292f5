/**
 * The event and result shapes of the HTTP sources that invoke Lambda functions, written from AWS's documentation
 * (own types, so the published declarations do not depend on `@types/aws-lambda`). Fields AWS documents but that
 * neither side of the contract reads are typed loosely (`authorizer`, `identity` extras).
 */

/** A JSON map of strings, as API Gateway and ALB send headers and query parameters. */
export type StringMap = Record<string, string>;
/** A JSON map of string lists (`multiValueHeaders`, `multiValueQueryStringParameters`). */
export type StringListMap = Record<string, string[]>;

/**
 * API Gateway HTTP API payload format 2.0, also what Lambda Function URLs send.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads
 */
export interface ApiGatewayV2Event {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: StringMap;
  queryStringParameters?: StringMap;
  pathParameters?: StringMap;
  stageVariables?: StringMap;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
    authorizer?: unknown;
    authentication?: unknown;
  };
  body?: string;
  isBase64Encoded: boolean;
}

/**
 * API Gateway payload format 1.0 (REST APIs, and HTTP APIs with `payloadFormatVersion: "1.0"`).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
 */
export interface ApiGatewayV1Event {
  /** Only HTTP APIs send `version: "1.0"`; REST APIs send no version. */
  version?: '1.0';
  resource: string;
  path: string;
  httpMethod: string;
  headers: StringMap | null;
  multiValueHeaders: StringListMap | null;
  queryStringParameters: StringMap | null;
  multiValueQueryStringParameters: StringListMap | null;
  pathParameters: StringMap | null;
  stageVariables: StringMap | null;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName?: string;
    domainPrefix?: string;
    extendedRequestId?: string;
    httpMethod: string;
    identity: { sourceIp: string; userAgent: string | null; [field: string]: unknown };
    path: string;
    protocol: string;
    requestId: string;
    requestTime: string;
    requestTimeEpoch: number;
    resourceId?: string | null;
    resourcePath: string;
    stage: string;
    authorizer?: unknown;
  };
  body: string | null;
  isBase64Encoded: boolean;
}

/**
 * An Application Load Balancer target-group event; with the target group's multi-value headers attribute on, only
 * the `multiValue*` maps are sent.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html#receive-event-from-load-balancer
 */
export interface AlbEvent {
  requestContext: { elb: { targetGroupArn: string } };
  httpMethod: string;
  path: string;
  queryStringParameters?: StringMap;
  multiValueQueryStringParameters?: StringListMap;
  headers?: StringMap;
  multiValueHeaders?: StringListMap;
  body: string;
  isBase64Encoded: boolean;
}

/** Any HTTP event the adapters accept. */
export type HttpEvent = ApiGatewayV2Event | ApiGatewayV1Event | AlbEvent;

/** Where an event came from; the result is written in the matching format. */
export type EventSource = 'apiGatewayV2' | 'functionUrl' | 'apiGatewayV1' | 'alb' | 'albMultiValue';

/**
 * A payload 2.0 result (API Gateway HTTP API and Function URLs).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.response
 */
export interface ApiGatewayV2Result {
  statusCode: number;
  headers?: StringMap;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

/**
 * A payload 1.0 result.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format
 */
export interface ApiGatewayV1Result {
  statusCode: number;
  headers?: StringMap;
  multiValueHeaders?: StringListMap;
  body: string;
  isBase64Encoded: boolean;
}

/**
 * An ALB result: `headers` in the default mode, `multiValueHeaders` in multi-value mode.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html#respond-to-load-balancer
 */
export interface AlbResult {
  statusCode: number;
  statusDescription: string;
  headers?: StringMap;
  multiValueHeaders?: StringListMap;
  body: string;
  isBase64Encoded: boolean;
}

/** Any result the adapters write. */
export type HttpResult = ApiGatewayV2Result | ApiGatewayV1Result | AlbResult;
