import { randomBytes } from 'node:crypto';

/**
 * What AWS Lambda answers when something goes wrong, byte for byte where it matters to the SDK:
 * service errors (the SDK raises the exception class named by `X-Amzn-ErrorType`, and reads `Type`, `message` or
 * `Message`, `Reason` and `Retry-After` into it) and the function-error bodies a caller gets with 200.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors
 */

/** A service error reply: HTTP status, `X-Amzn-ErrorType`, JSON body and extra headers. */
export interface ServiceErrorReply {
  status: number;
  type: string;
  body: Record<string, string>;
  headers?: Record<string, string>;
}

/** Request payload limits: 6 MB synchronous, 1 MB asynchronous (Event). Response: 6 MB. */
export const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
export const EVENT_PAYLOAD_LIMIT = 1024 * 1024;
export const RESPONSE_PAYLOAD_LIMIT = 6 * 1024 * 1024;
/** `X-Amz-Client-Context`: at most 3,583 bytes (of base64), as AWS documents. */
export const CLIENT_CONTEXT_LIMIT = 3583;

// The SDK's shapes differ in the case of the message field: ResourceNotFoundException and ServiceException carry
// `Message`, the others `message` (@aws-sdk/client-lambda schemas). Send what each shape reads.

export function resourceNotFound(arn: string): ServiceErrorReply {
  return { status: 404, type: 'ResourceNotFoundException', body: { Type: 'User', Message: `Function not found: ${arn}` } };
}

export function requestTooLarge(limit: number, invocationType: string): ServiceErrorReply {
  const operation = invocationType === 'Event' ? 'InvokeAsync' : 'InvokeFunction';
  return {
    status: 413,
    type: 'RequestTooLargeException',
    body: { Type: 'User', message: `Request must be smaller than ${limit} bytes for the ${operation} operation` },
  };
}

export function invalidRequestContent(message: string): ServiceErrorReply {
  return { status: 400, type: 'InvalidRequestContentException', body: { Type: 'User', message } };
}

export function invalidParameter(message: string): ServiceErrorReply {
  return { status: 400, type: 'InvalidParameterValueException', body: { Type: 'User', message } };
}

/**
 * Throttled. `Reason` says which limit: the function's reserved concurrency or the account-wide limit (here: the
 * service's `maxInstances`). `Retry-After` is in seconds.
 */
export function tooManyRequests(reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' | 'ConcurrentInvocationLimitExceeded'): ServiceErrorReply {
  return {
    status: 429,
    type: 'TooManyRequestsException',
    body: { Type: 'User', message: 'Rate Exceeded.', Reason: reason },
    headers: { 'Retry-After': '1' },
  };
}

export function serviceException(message: string): ServiceErrorReply {
  return { status: 500, type: 'ServiceException', body: { Type: 'Service', Message: message } };
}

/** Anything that is not the Invoke API (the real endpoint serves many operations; this service only Invoke). */
export function unknownOperation(method: string, path: string): ServiceErrorReply {
  return {
    status: 404,
    type: 'UnknownOperationException',
    body: { Type: 'User', message: `${method} ${path} is not an operation of this local Lambda service (it serves Invoke only)` },
  };
}

/** The body of a function error the service itself produces (the runtime did not report one). */
export interface FunctionErrorBody {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** `Task timed out after 3.00 seconds`, as the Lambda service words it. */
export function timeoutError(requestId: string, timeoutMs: number): FunctionErrorBody {
  return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: ${timeoutMessage(timeoutMs)}` };
}

export function timeoutMessage(timeoutMs: number): string {
  return `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`;
}

/** The runtime process ended while it owned an invocation (or before it asked for one). */
export function exitError(requestId: string, code: number | null, signal: NodeJS.Signals | null): FunctionErrorBody {
  return { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${exitReason(code, signal)}` };
}

/** Go's os/exec wording, which Lambda's messages carry: `exit status 1`, `signal: killed`. */
export function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  const SIGNAL_WORDS: Partial<Record<NodeJS.Signals, string>> = { SIGKILL: 'killed', SIGTERM: 'terminated', SIGSEGV: 'segmentation fault', SIGABRT: 'aborted' };
  if (signal) return `Runtime exited with error: signal: ${SIGNAL_WORDS[signal] ?? signal}`;
  return code === 0 ? 'Runtime exited without providing a reason' : `Runtime exited with error: exit status ${code ?? 'unknown'}`;
}

/** The executable could not be started (missing, not executable). */
export function invalidEntrypoint(requestId: string, path: string, cause: NodeJS.ErrnoException): FunctionErrorBody {
  const why =
    cause.code === 'ENOENT'
      ? `Couldn't find valid bootstrap(s): [${path}]`
      : `fork/exec ${path}: ${cause.code === 'EACCES' ? 'permission denied' : cause.message}`;
  return { errorType: 'Runtime.InvalidEntrypoint', errorMessage: `RequestId: ${requestId} Error: ${why}` };
}

/** The runtime did not ask for its first invocation within Lambda's 10 s init limit. */
export function initTimeoutError(requestId: string, limitMs: number): FunctionErrorBody {
  return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Init phase timed out after ${(limitMs / 1000).toFixed(2)} seconds` };
}

/** The runtime answered with more than 6 MB. */
export function responseTooLarge(): FunctionErrorBody {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size exceeded maximum allowed payload size (${RESPONSE_PAYLOAD_LIMIT} bytes).`,
  };
}

/** A handler module that cannot be found (its folder is missing), as the Node runtime reports it. */
export function importModuleError(modulePath: string): FunctionErrorBody {
  return { errorType: 'Runtime.ImportModuleError', errorMessage: `Error: Cannot find module '${modulePath}'` };
}

/** A function error body as bytes. */
export function errorBody(body: FunctionErrorBody): Buffer {
  return Buffer.from(JSON.stringify(body));
}

/** What the runtime posted to /error, or a body made from its error-type header when it posted nothing. */
export function withErrorType(body: Buffer, errorType: string | undefined): Buffer {
  return body.length > 0 ? body : errorBody({ errorType: errorType ?? 'Unknown', errorMessage: '' });
}

/** An X-Ray trace header like Lambda's, for callers that send none. */
export function traceHeader(): string {
  const id = randomBytes(20).toString('hex');
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${id.slice(0, 24)};Parent=${id.slice(24, 40)};Sampled=0`;
}
