import { StranglerError } from '../errors.js';

/**
 * Every error the flags concept raises on purpose. The README's error-code table lists them.
 * @example
 *   throw new FlagsError('STRANGLER_FLAGS_UNKNOWN_ROUTE', 'no route "cart" in the plan', { statusCode: 404 });
 */
export type FlagsErrorCode =
  /** The environment variable named by `flags.sdkKeyEnv` is unset or empty at start-up. */
  | 'STRANGLER_FLAGS_SDK_KEY_MISSING'
  /** The flags file is not valid JSON/YAML or not LaunchDarkly's flag format. */
  | 'STRANGLER_FLAGS_FILE_INVALID'
  /** The flags file cannot be read (deleted, permissions). */
  | 'STRANGLER_FLAGS_FILE_UNREADABLE'
  /** A pin or `flags set` names a route the plan does not have. */
  | 'STRANGLER_FLAGS_UNKNOWN_ROUTE'
  /** A pin request without a valid `stage` and `reason`. */
  | 'STRANGLER_FLAGS_PIN_INVALID'
  /** `strangler flags set` on a plan whose flags do not come from a local file. */
  | 'STRANGLER_FLAGS_NOT_FILE_SOURCE'
  /** `strangler pin`/`unpin` could not reach the admin API, or it refused the request. */
  | 'STRANGLER_FLAGS_ADMIN_REQUEST_FAILED';

export class FlagsError extends StranglerError {
  declare readonly code: FlagsErrorCode;
  constructor(code: FlagsErrorCode, message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'FlagsError';
  }
}
