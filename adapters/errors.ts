import { StranglerError } from '../proxy/errors.js';

/**
 * The adapters' error vocabulary. Every code is stable; tests and users match on `code`, never on the message.
 * Errors raised inside a Lambda invocation reject the handler's promise, so the runtime reports a function error
 * (`X-Amz-Function-Error: Unhandled`) and a proxy in front of it may fall back to the monolith.
 */
export const AdapterErrorCode = {
  /** The event is not an HTTP event from API Gateway (1.0/2.0), an ALB or a Function URL. */
  UNKNOWN_EVENT: 'STRANGLER_ADAPTER_UNKNOWN_EVENT',
  /** The event has the right shape but a field has the wrong type (e.g. `httpMethod` missing, `body` not a string). */
  BAD_EVENT: 'STRANGLER_ADAPTER_BAD_EVENT',
  /** An adapter option is invalid (named in the message). Raised when the handler is created, not per request. */
  INVALID_OPTION: 'STRANGLER_ADAPTER_INVALID_OPTION',
  /** `fromExpress`/`fromFastify`/`fromNodeHandler` was given something it cannot run. */
  UNSUPPORTED_APP: 'STRANGLER_ADAPTER_UNSUPPORTED_APP',
  /** The app destroyed the response (or its socket) before finishing it. */
  RESPONSE_ABORTED: 'STRANGLER_ADAPTER_RESPONSE_ABORTED',
} as const;
export type AdapterErrorCode = (typeof AdapterErrorCode)[keyof typeof AdapterErrorCode];

/** An error raised by `@strangler-toolkit/strangler/adapters` on purpose. */
export class AdapterError extends StranglerError {
  declare readonly code: AdapterErrorCode;

  constructor(code: AdapterErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'AdapterError';
  }
}
