import { EVENT_ERRORS, LAMBDA_BAD_RESPONSE } from '../../adapters/events/errors.js';
import { defineCodes, statusOf, StranglerError, type CodeOf } from '../errors/index.js';

/** The codes of Lambda-served requests' failures (STRANGLER_LAMBDA_BAD_RESPONSE is the adapters' events table's). */
export const LAMBDA_ERRORS = defineCodes({
  STRANGLER_LAMBDA_FUNCTION_ERROR: {
    status: 502,
    meaning: 'the routed function threw or crashed (`X-Amz-Function-Error`); safe requests fall back in `live`/`rampdown`',
  },
  STRANGLER_LAMBDA_TIMEOUT: { status: 504, meaning: "the function's own timeout (`Sandbox.Timedout`) or the route's `timeoutMs` deadline in the proxy" },
  STRANGLER_LAMBDA_THROTTLED: {
    status: 503,
    meaning: 'Lambda answered 429 `TooManyRequestsException` (concurrency limits); falls back for every method where the stage allows, not a breaker failure',
  },
  STRANGLER_LAMBDA_NOT_FOUND: { status: 502, meaning: 'no such function or qualifier (`ResourceNotFoundException`)' },
  STRANGLER_LAMBDA_PAYLOAD_TOO_LARGE: { status: 502, meaning: "Lambda refused the invocation payload (413) or the function's response is over 6 MB" },
  STRANGLER_LAMBDA_NETWORK: { status: 502, meaning: 'the Invoke endpoint cannot be reached or dropped the connection' },
  STRANGLER_LAMBDA_SERVICE_ERROR: { status: 502, meaning: 'any other Lambda service error (`ServiceException`, access denied, KMS/ENI...)' },
  STRANGLER_LAMBDA_STATUS: {
    status: 502,
    meaning:
      'the function answered a 5xx (`fallback.serverErrors: fail`, the default) or a status listed in `fallback.onStatus`: falls back when allowed, else its own answer is sent',
  },
  STRANGLER_BREAKER_OPEN: { status: 503, meaning: "the route's circuit breaker is open (safe requests go to the monolith instead)" },
  STRANGLER_REQUEST_TOO_LARGE: {
    status: 413,
    meaning: 'the request does not fit in a synchronous invocation (6 MB after base64, event included) and cannot fall back',
  },
  STRANGLER_LAMBDA_REQUEST_REJECTED: {
    status: 400,
    meaning:
      'Lambda refused the invoke for what it carried from the client (`InvalidRequestContentException`, a rejected client context); falls back when allowed; counts toward neither breaker nor rollback',
  },
});

export type LambdaErrorCode = CodeOf<typeof LAMBDA_ERRORS>;

/**
 * Every way serving a route from its Lambda function can fail: its code in LAMBDA_ERRORS, whose status is what the
 * client gets when the failure cannot fall back to the monolith.
 * Statuses follow API Gateway's choices for the same failures (502 bad/failed integration, 503 throttled, 504
 * integration timeout): https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html
 */
export const LAMBDA_FAILURES = failureKinds({
  /** The function threw or crashed (`X-Amz-Function-Error`, not a `Sandbox.Timedout`). */
  functionError: 'STRANGLER_LAMBDA_FUNCTION_ERROR',
  /** The function's own timeout (`Sandbox.Timedout`) or the route's `timeoutMs` deadline in the proxy. */
  timeout: 'STRANGLER_LAMBDA_TIMEOUT',
  /**
   * `TooManyRequestsException` (429): concurrency limits. Lambda refused the invocation, the function never ran:
   * it falls back for every method (replaying cannot run an effect twice) and does not count for the breaker.
   */
  throttled: 'STRANGLER_LAMBDA_THROTTLED',
  /** `ResourceNotFoundException` (404): no such function or qualifier. */
  notFound: 'STRANGLER_LAMBDA_NOT_FOUND',
  /** The invocation payload (413 `RequestTooLargeException`) or the function's response is over 6 MB. */
  payloadTooLarge: 'STRANGLER_LAMBDA_PAYLOAD_TOO_LARGE',
  /** The Invoke endpoint could not be reached, or the connection broke. */
  network: 'STRANGLER_LAMBDA_NETWORK',
  /** Any other error from the Lambda service (ServiceException, access denied, KMS/ENI failures...). */
  service: 'STRANGLER_LAMBDA_SERVICE_ERROR',
  /** The function's result is not a valid API Gateway response (what API Gateway answers 502 to). */
  badResponse: LAMBDA_BAD_RESPONSE,
  /** The function answered a 5xx (route `fallback.serverErrors: fail`, the default) or a status in `fallback.onStatus`. */
  status: 'STRANGLER_LAMBDA_STATUS',
  /** The route's circuit breaker is open. */
  breakerOpen: 'STRANGLER_BREAKER_OPEN',
  /** The request does not fit in a synchronous invocation (6 MB after base64 and the event around it). */
  requestTooLarge: 'STRANGLER_REQUEST_TOO_LARGE',
  /**
   * Lambda refused the invoke request for what it carried from the client (`InvalidRequestContentException`, a
   * client context it rejects): the client's input, not the function's health.
   */
  requestRejected: 'STRANGLER_LAMBDA_REQUEST_REJECTED',
});

/** Each kind with its code and the table's status. */
function failureKinds<const K extends Record<string, LambdaErrorCode | typeof LAMBDA_BAD_RESPONSE>>(
  kinds: K,
): { readonly [k in keyof K]: { readonly code: K[k]; readonly status: number } } {
  const both = { ...LAMBDA_ERRORS, ...EVENT_ERRORS };
  const status = (code: CodeOf<typeof both>): number => statusOf(both, code) ?? 502;
  return Object.fromEntries(Object.entries(kinds).map(([kind, code]) => [kind, { code, status: status(code as CodeOf<typeof both>) }])) as never;
}

/** Failures caused by the client's own input: they never count toward a route's breaker nor automatic rollback. */
const CLIENT_CAUSED: ReadonlySet<FailureKind> = new Set(['requestTooLarge', 'requestRejected']);

export type FailureKind = keyof typeof LAMBDA_FAILURES;
export type LambdaFailureCode = (typeof LAMBDA_FAILURES)[FailureKind]['code'];

/**
 * A failure of a Lambda-served request, as classified (./classify.ts). `clientCaused` says the client's own input
 * caused it (a request too large for Lambda, an invoke Lambda rejects for what the client sent): such a failure
 * counts neither toward the route's breaker nor toward automatic rollback, so a hostile client cannot trip either
 * for everyone. `countsForBreaker` says whether it is the function's (or Lambda's) fault: a client-caused failure
 * or a breaker already open says nothing about the function's health, and a throttle is about capacity (a function
 * shared by several routes throttles them all): throttles are counted on their own
 * (`strangler_lambda_invocations_total{outcome="throttled"}`, `/stats` `throttleRate`) rather than opening the breaker.
 * @example
 *   new LambdaFailure('timeout', 'shop-catalog did not answer within 3000 ms (route timeoutMs)')
 */
export class LambdaFailure extends StranglerError {
  readonly kind: FailureKind;
  countsForBreaker: boolean;
  readonly clientCaused: boolean;

  constructor(kind: FailureKind, message: string, options: { cause?: unknown; statusCode?: number; countsForBreaker?: boolean; clientCaused?: boolean } = {}) {
    const { code, status } = LAMBDA_FAILURES[kind];
    super(code, message, { statusCode: options.statusCode ?? status, cause: options.cause });
    this.name = 'LambdaFailure';
    this.kind = kind;
    this.clientCaused = options.clientCaused ?? CLIENT_CAUSED.has(kind);
    this.countsForBreaker = !this.clientCaused && (options.countsForBreaker ?? (kind !== 'breakerOpen' && kind !== 'throttled'));
  }
}
