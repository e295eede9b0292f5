import { LAMBDA_BAD_RESPONSE } from '../../adapters/events/errors.js';
import { StranglerError } from '../errors.js';

/**
 * Every way serving a route from its Lambda function can fail, with a stable code and the status the client gets
 * when the failure cannot fall back to the monolith. The README's error-code table lists them.
 * Statuses follow API Gateway's choices for the same failures (502 bad/failed integration, 503 throttled, 504
 * integration timeout): https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html
 */
export const LAMBDA_FAILURES = {
  /** The function threw or crashed (`X-Amz-Function-Error`, not a `Sandbox.Timedout`). */
  functionError: { code: 'STRANGLER_LAMBDA_FUNCTION_ERROR', status: 502 },
  /** The function's own timeout (`Sandbox.Timedout`) or the route's `timeoutMs` deadline in the proxy. */
  timeout: { code: 'STRANGLER_LAMBDA_TIMEOUT', status: 504 },
  /**
   * `TooManyRequestsException` (429): concurrency limits. Lambda refused the invocation, the function never ran:
   * it falls back for every method (replaying cannot run an effect twice) and does not count for the breaker.
   */
  throttled: { code: 'STRANGLER_LAMBDA_THROTTLED', status: 503 },
  /** `ResourceNotFoundException` (404): no such function or qualifier. */
  notFound: { code: 'STRANGLER_LAMBDA_NOT_FOUND', status: 502 },
  /** The invocation payload (413 `RequestTooLargeException`) or the function's response is over 6 MB. */
  payloadTooLarge: { code: 'STRANGLER_LAMBDA_PAYLOAD_TOO_LARGE', status: 502 },
  /** The Invoke endpoint could not be reached, or the connection broke. */
  network: { code: 'STRANGLER_LAMBDA_NETWORK', status: 502 },
  /** Any other error from the Lambda service (ServiceException, access denied, KMS/ENI failures...). */
  service: { code: 'STRANGLER_LAMBDA_SERVICE_ERROR', status: 502 },
  /** The function's result is not a valid API Gateway response (what API Gateway answers 502 to). */
  badResponse: { code: LAMBDA_BAD_RESPONSE, status: 502 },
  /** The function answered a 5xx (route `fallback.serverErrors: fail`, the default) or a status in `fallback.onStatus`. */
  status: { code: 'STRANGLER_LAMBDA_STATUS', status: 502 },
  /** The route's circuit breaker is open. */
  breakerOpen: { code: 'STRANGLER_BREAKER_OPEN', status: 503 },
  /** The request does not fit in a synchronous invocation (6 MB after base64 and the event around it). */
  requestTooLarge: { code: 'STRANGLER_REQUEST_TOO_LARGE', status: 413 },
} as const;

export type FailureKind = keyof typeof LAMBDA_FAILURES;
export type LambdaFailureCode = (typeof LAMBDA_FAILURES)[FailureKind]['code'];

/**
 * A failure of a Lambda-served request, as classified (./classify.ts). `countsForBreaker` says whether it is the
 * function's (or Lambda's) fault: a request too large for Lambda or a breaker already open says nothing about the
 * function's health, and a throttle is about capacity (a function shared by several routes throttles them all):
 * throttles are counted on their own (`strangler_lambda_invocations_total{outcome="throttled"}`, `/stats`
 * `throttleRate`) rather than opening the breaker.
 * @example
 *   new LambdaFailure('timeout', 'shop-catalog did not answer within 3000 ms (route timeoutMs)')
 */
export class LambdaFailure extends StranglerError {
  readonly kind: FailureKind;
  countsForBreaker: boolean;

  constructor(kind: FailureKind, message: string, options: { cause?: unknown; statusCode?: number; countsForBreaker?: boolean } = {}) {
    const { code, status } = LAMBDA_FAILURES[kind];
    super(code, message, { statusCode: options.statusCode ?? status, cause: options.cause });
    this.name = 'LambdaFailure';
    this.kind = kind;
    this.countsForBreaker = options.countsForBreaker ?? (kind !== 'requestTooLarge' && kind !== 'breakerOpen' && kind !== 'throttled');
  }
}
