import { codeOptions, defineCodes, StranglerError, type CodeOf } from '../errors/index.js';

/** The admin API's codes. */
export const ADMIN_ERRORS = defineCodes({
  STRANGLER_ADMIN_TOKEN_REQUIRED: { meaning: 'start-up: `admin.host` is not a loopback address and no `admin.tokenEnv` is set' },
  STRANGLER_ADMIN_TOKEN_EMPTY: { meaning: 'start-up: the variable named by `admin.tokenEnv` is unset or blank' },
  STRANGLER_ADMIN_UNAUTHORIZED: { status: 401, meaning: 'an admin API request without the right `Authorization: Bearer <token>`' },
});

export type AdminErrorCode = CodeOf<typeof ADMIN_ERRORS>;

export const ADMIN_TOKEN_REQUIRED = 'STRANGLER_ADMIN_TOKEN_REQUIRED' satisfies AdminErrorCode;
export const ADMIN_TOKEN_EMPTY = 'STRANGLER_ADMIN_TOKEN_EMPTY' satisfies AdminErrorCode;
export const ADMIN_UNAUTHORIZED = 'STRANGLER_ADMIN_UNAUTHORIZED' satisfies AdminErrorCode;

/** The admin API would listen on a non-loopback address with no token configured: refused at start. */
export class AdminTokenRequiredError extends StranglerError {
  constructor(host: string) {
    super(
      ADMIN_TOKEN_REQUIRED,
      `admin.host "${host}" is not a loopback address, so the admin API needs a token: set admin.tokenEnv to the name of an environment variable holding a secret (or bind admin.host to 127.0.0.1)`,
    );
    this.name = 'AdminTokenRequiredError';
  }
}

/** `admin.tokenEnv` names a variable that is unset or empty: refused at start rather than running unprotected. */
export class AdminTokenEmptyError extends StranglerError {
  constructor(variable: string) {
    super(ADMIN_TOKEN_EMPTY, `admin.tokenEnv is "${variable}" but the environment variable ${variable} is unset or empty: export a secret token in it`);
    this.name = 'AdminTokenEmptyError';
  }
}

/** An admin request without the right `Authorization: Bearer <token>` (401). */
export class AdminUnauthorizedError extends StranglerError {
  constructor() {
    super(ADMIN_UNAUTHORIZED, 'missing or wrong admin bearer token (Authorization: Bearer <token>)', codeOptions(ADMIN_ERRORS, ADMIN_UNAUTHORIZED));
    this.name = 'AdminUnauthorizedError';
  }
}
