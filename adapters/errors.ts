import { defineCodes, StranglerError, type CodeOf } from '../proxy/errors/index.js';

/**
 * The adapters' error codes. Every code is stable; tests and users match on `code`, never on the message.
 * Errors raised inside a Lambda invocation reject the handler's promise, so the runtime reports a function error
 * (`X-Amz-Function-Error: Unhandled`) and a proxy in front of it may fall back to the monolith.
 */
export const ADAPTER_ERRORS = defineCodes({
  STRANGLER_ADAPTER_UNKNOWN_EVENT: {
    meaning:
      'a function built with `@strangler-toolkit/strangler/adapters` got an event that is not an HTTP event (API Gateway 1.0/2.0, ALB, Function URL); the invocation fails (function error)',
  },
  STRANGLER_ADAPTER_BAD_EVENT: { meaning: 'an HTTP event with a field of the wrong type (the field is named); the invocation fails' },
  STRANGLER_ADAPTER_INVALID_OPTION: { meaning: 'an adapter option is invalid (the option is named); thrown when the handler is created' },
  STRANGLER_ADAPTER_UNSUPPORTED_APP: {
    meaning: '`fromNodeHandler`/`fromExpress`/`fromFastify` was given something it cannot run, or a Router without `express` installed',
  },
  STRANGLER_ADAPTER_RESPONSE_ABORTED: { meaning: 'the app destroyed the response before finishing it; the invocation fails' },
});

/** Short names of ADAPTER_ERRORS' codes. */
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
} as const satisfies Record<string, CodeOf<typeof ADAPTER_ERRORS>>;
export type AdapterErrorCode = CodeOf<typeof ADAPTER_ERRORS>;

/** An error raised by `@strangler-toolkit/strangler/adapters` on purpose. */
export class AdapterError extends StranglerError {
  declare readonly code: AdapterErrorCode;

  constructor(code: AdapterErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'AdapterError';
  }
}
