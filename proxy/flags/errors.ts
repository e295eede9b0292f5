import { codeOptions, defineCodes, StranglerError, type CodeOf } from '../errors/index.js';

/** Every error the flags concept raises on purpose. */
export const FLAGS_ERRORS = defineCodes({
  STRANGLER_FLAGS_SDK_KEY_MISSING: { meaning: 'start-up: the environment variable named by `flags.sdkKeyEnv` is unset or empty' },
  STRANGLER_FLAGS_FILE_INVALID: { meaning: "the flags file is not valid JSON/YAML or not LaunchDarkly's flag format (logged; the last good flags stay)" },
  STRANGLER_FLAGS_FILE_UNREADABLE: { meaning: 'the flags file cannot be read, e.g. deleted (logged; the last good flags stay)' },
  STRANGLER_FLAGS_UNKNOWN_ROUTE: { status: 404, meaning: 'a pin or `flags set` names a route the plan does not have' },
  STRANGLER_FLAGS_PIN_INVALID: { status: 400, meaning: 'a pin request without a valid `stage` and a non-empty `reason`' },
  STRANGLER_FLAGS_NOT_FILE_SOURCE: { meaning: '`strangler flags set` on a plan whose flags do not come from a local file' },
  STRANGLER_FLAGS_ADMIN_REQUEST_FAILED: { meaning: '`strangler pin`/`unpin` could not reach the admin API, or it refused the request' },
});

export type FlagsErrorCode = CodeOf<typeof FLAGS_ERRORS>;

/**
 * An error of the flags concept; its status is the table's unless the raiser gives another.
 * @example
 *   throw new FlagsError('STRANGLER_FLAGS_UNKNOWN_ROUTE', 'no route "cart" in the plan');
 */
export class FlagsError extends StranglerError {
  declare readonly code: FlagsErrorCode;
  constructor(code: FlagsErrorCode, message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(code, message, codeOptions(FLAGS_ERRORS, code, options));
    this.name = 'FlagsError';
  }
}
