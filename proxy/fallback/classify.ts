import { fromApiGatewayV1Result, fromApiGatewayV2Result, LambdaBadResponseError, type LambdaHttpResponse } from '../../adapters/events/index.js';
import type { Route } from '../plan/schema.js';
import type { InvokeRouteOutcome } from './outcome.js';
import { LambdaFailure } from './errors.js';

/** What an invocation means for the client: an answer, or a coded failure (with the function's answer for STATUS). */
export type Classification =
  | { ok: true; response: LambdaHttpResponse }
  | {
      ok: false;
      failure: LambdaFailure;
      /** The function's own answer, when it gave a valid one (a 5xx that counts as a failure). */
      response?: LambdaHttpResponse;
    };

/** What the classifier knows besides the outcome. */
export interface ClassifyContext {
  route: Route;
  /** The request's method (a HEAD answer keeps its content-length and has no body). */
  method: string;
  outcome: InvokeRouteOutcome;
}

/**
 * The one overridable hook (fastify-reply-from's `onError` model): gets the default classification and returns the
 * one to use, e.g. to treat a function's `404` as a failure, or a `ResourceNotFound` as 503.
 * @example
 *   createProxy(plan, { lambda: { classify: (c, { outcome }) => c } });
 */
export type ClassifyHook = (classification: Classification, context: ClassifyContext) => Classification;

/** Lambda's error types for the function's own timeout and an oversized response (docs/lambda-http.md). */
const SANDBOX_TIMEOUT = 'Sandbox.Timedout';
const RESPONSE_TOO_LARGE = 'Function.ResponseSizeTooLarge';
/** Node's network error codes: the Invoke endpoint could not be reached or dropped the connection. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/**
 * THE classification of every invocation outcome, in one place. A result without `X-Amz-Function-Error` is decoded
 * with the route's payload format (an invalid one is STRANGLER_LAMBDA_BAD_RESPONSE); a 5xx answer is
 * STRANGLER_LAMBDA_STATUS (with `fallback.serverErrors: pass`, only the statuses in `fallback.onStatus`). A function
 * error is a timeout when Lambda says `Sandbox.Timedout`, a payload problem for `Function.ResponseSizeTooLarge`, else STRANGLER_LAMBDA_FUNCTION_ERROR. SDK errors map by
 * exception name (429 throttled, 404 not found, 413 too large), network codes, and the proxy's own deadline.
 * @example
 *   const c = classifyOutcome({ route, method: 'GET', outcome });
 *   if (!c.ok) console.log(c.failure.code);
 */
export function classifyOutcome(context: ClassifyContext, hook?: ClassifyHook): Classification {
  const classification = defaultClassification(context);
  return hook === undefined ? classification : hook(classification, context);
}

function defaultClassification({ route, method, outcome }: ClassifyContext): Classification {
  const fn = route.function.name;
  if (outcome.kind === 'error') return { ok: false, failure: classifyError(fn, route.timeoutMs, outcome) };
  if (outcome.functionError !== undefined) return { ok: false, failure: classifyFunctionError(fn, outcome.payload) };
  let response: LambdaHttpResponse;
  try {
    response = route.payloadFormat === '1.0' ? fromApiGatewayV1Result(outcome.payload, method) : fromApiGatewayV2Result(outcome.payload, method);
  } catch (err) {
    const message = err instanceof LambdaBadResponseError ? err.message : String(err);
    return { ok: false, failure: new LambdaFailure('badResponse', `${fn} returned an invalid response: ${message}`, { cause: err }) };
  }
  if (isServerError(route, response.statusCode)) {
    const why = route.fallback.serverErrors === 'fail' ? 'a 5xx; fallback.serverErrors: fail' : 'listed in fallback.onStatus';
    return { ok: false, failure: new LambdaFailure('status', `${fn} answered ${response.statusCode} (${why})`), response };
  }
  return { ok: true, response };
}

/** A function's answer that counts as a failure: any 5xx by default, else only the route's `onStatus` list. */
function isServerError(route: Route, status: number): boolean {
  if (route.fallback.serverErrors === 'fail' && status >= 500 && status <= 599) return true;
  return route.fallback.onStatus.includes(status);
}

function classifyFunctionError(fn: string, payload: Uint8Array): LambdaFailure {
  let errorType: string | undefined;
  let errorMessage: string | undefined;
  try {
    const body = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8')) as unknown;
    if (typeof body === 'object' && body !== null) {
      const b = body as { errorType?: unknown; errorMessage?: unknown };
      if (typeof b.errorType === 'string') errorType = b.errorType;
      if (typeof b.errorMessage === 'string') errorMessage = b.errorMessage;
    }
  } catch {
    // A function error body that is not JSON still is a function error.
  }
  // Older runtimes report a timeout with the message only (docs/lambda-http.md, "The Invoke API").
  if (errorType === SANDBOX_TIMEOUT || (errorType === undefined && /Task timed out after/.test(errorMessage ?? ''))) {
    return new LambdaFailure('timeout', `${fn} timed out (${errorMessage ?? SANDBOX_TIMEOUT})`);
  }
  if (errorType === RESPONSE_TOO_LARGE) return new LambdaFailure('payloadTooLarge', `${fn}'s response is over Lambda's 6 MB limit`);
  const what = [errorType, errorMessage].filter((s) => s !== undefined).join(': ');
  return new LambdaFailure('functionError', `${fn} failed${what === '' ? '' : ` (${what.slice(0, 500)})`}`);
}

function classifyError(fn: string, timeoutMs: number, outcome: Extract<InvokeRouteOutcome, { kind: 'error' }>): LambdaFailure {
  const err = outcome.error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; Reason?: string } | undefined;
  const cause = outcome.error;
  if (outcome.deadline) return new LambdaFailure('timeout', `${fn} did not answer within ${timeoutMs} ms (route timeoutMs)`, { cause });
  if (outcome.aborted) return new LambdaFailure('network', `invocation of ${fn} cancelled: the client went away`, { cause, countsForBreaker: false });
  const name = err?.name ?? '';
  const status = err?.$metadata?.httpStatusCode;
  if (name === 'TooManyRequestsException' || status === 429) {
    return new LambdaFailure('throttled', `${fn} is throttled${err?.Reason ? ` (${err.Reason})` : ''}`, { cause });
  }
  if (name === 'ResourceNotFoundException' || (status === 404 && name !== 'UnknownError')) {
    return new LambdaFailure('notFound', `function ${fn} not found: ${err?.message ?? name}`, { cause });
  }
  if (name === 'RequestTooLargeException' || status === 413) {
    // The request did not fit: the client's input, says nothing about the function's health.
    return new LambdaFailure('payloadTooLarge', `the invocation payload for ${fn} is over Lambda's limit`, { cause, clientCaused: true });
  }
  // Lambda refused what the invoke carried from the client (its body in the payload, its trace in the client
  // context): https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors
  if (name === 'InvalidRequestContentException' || (name === 'InvalidParameterValueException' && /client context/i.test(err?.message ?? ''))) {
    return new LambdaFailure('requestRejected', `Lambda refused the invocation of ${fn}: ${err?.message ?? name}`, { cause });
  }
  const code = err?.code ?? (err as { cause?: { code?: string } } | undefined)?.cause?.code;
  if ((code !== undefined && NETWORK_CODES.has(code)) || name === 'TimeoutError' || (status === undefined && name !== 'AbortError')) {
    return new LambdaFailure('network', `cannot reach the Lambda endpoint for ${fn} (${code ?? err?.message ?? name})`, { cause });
  }
  return new LambdaFailure('service', `Lambda service error invoking ${fn}: ${name}${err?.message ? `: ${err.message}` : ''}`, { cause });
}
