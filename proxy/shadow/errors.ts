import { codeOptions, defineCodes, StranglerError, type CodeOf } from '../errors/index.js';

/** Stable codes of the shadow concept. */
export const SHADOW_ERRORS = defineCodes({
  STRANGLER_SHADOW_TIMEOUT: { meaning: 'a shadow call did not answer within `shadow.timeoutMs` (recorded as a shadow error; the client never sees it)' },
  STRANGLER_SHADOW_CALL_FAILED: { meaning: 'a shadow call failed (connection refused, invoke error, shutdown); recorded as a shadow error' },
  STRANGLER_SHADOW_BODY_TOO_LARGE: { meaning: 'a shadow side answered a body over `shadow.maxBodyBytes`; recorded as a shadow error' },
  STRANGLER_SHADOW_BAD_QUERY: {
    status: 400,
    meaning:
      '`GET /shadow/report` with an invalid `samples`, `format` or `since`; `strangler report/promote --since` with a value that is not a duration (`90s`, `30m`, `1h`, `7d`)',
  },
  STRANGLER_SHADOW_UNKNOWN_ROUTE: {
    status: 404,
    meaning:
      '`GET /shadow/report?route=`, `strangler report --route`, `promote` or `shadow reset` (`POST /shadow/routes/ID/reset`) name a route neither in the plan nor in the store',
  },
  STRANGLER_SHADOW_STORE_PATH_CHANGED: {
    meaning: 'a plan reload moves `shadow.store.path`: the reload is rejected and logged, the old plan keeps serving; restart to move the store',
  },
  STRANGLER_SHADOW_STORE_MISSING: { meaning: '`report`/`promote`/`analyze`: no results store at the path (nothing shadowed yet, or `:memory:`)' },
  STRANGLER_SHADOW_STORE_INVALID: { meaning: 'the results store cannot be opened, is not a strangler store, or was written by a newer strangler' },
  STRANGLER_SHADOW_STORE_UNAVAILABLE: {
    status: 503,
    meaning:
      'the PostgreSQL results store cannot be reached for a read (`/shadow/report`, gates, reset); writes are never refused (comparisons are counted as dropped instead)',
  },
  STRANGLER_SHADOW_ADMIN_UNREACHABLE: {
    meaning: '`strangler report/promote --admin`, `strangler shadow reset`: the admin API did not answer, refused, or is not a shadow report',
  },
});

export type ShadowErrorCode = CodeOf<typeof SHADOW_ERRORS>;

/** Short names of SHADOW_ERRORS' codes. */
export const SHADOW_ERROR_CODES = {
  /** A shadow call did not answer within `shadow.timeoutMs` (recorded as a shadow error; the client never sees it). */
  timeout: 'STRANGLER_SHADOW_TIMEOUT',
  /** A shadow call failed (connection refused, invoke error…); recorded as a shadow error. */
  callFailed: 'STRANGLER_SHADOW_CALL_FAILED',
  /** A shadow side answered with a body over `shadow.maxBodyBytes` (recorded as a shadow error). */
  bodyTooLarge: 'STRANGLER_SHADOW_BODY_TOO_LARGE',
  /** `GET /shadow/report` with a bad query parameter, `report/promote --since` with a bad duration (400). */
  badQuery: 'STRANGLER_SHADOW_BAD_QUERY',
  /** `report`/`promote`/`analyze`: there is no results store at the path (the proxy has not shadowed anything yet). */
  storeMissing: 'STRANGLER_SHADOW_STORE_MISSING',
  /** The results store cannot be opened or was written by a newer strangler. */
  storeInvalid: 'STRANGLER_SHADOW_STORE_INVALID',
  /** The PostgreSQL results store cannot be reached for a read (report, gates, reset): 503; writes are never refused. */
  storeUnavailable: 'STRANGLER_SHADOW_STORE_UNAVAILABLE',
  /** A route id that is neither in the plan nor in the store. */
  unknownRoute: 'STRANGLER_SHADOW_UNKNOWN_ROUTE',
  /** `report --admin`: the admin API did not answer or refused. */
  adminUnreachable: 'STRANGLER_SHADOW_ADMIN_UNREACHABLE',
  /** A plan reload that moves `shadow.store.path`: rejected (the old plan keeps serving); restart to move the store. */
  storePathChanged: 'STRANGLER_SHADOW_STORE_PATH_CHANGED',
} as const satisfies Record<string, ShadowErrorCode>;

/** An error of the shadow concept; its status is the table's unless the raiser gives another. */
export class ShadowError extends StranglerError {
  declare readonly code: ShadowErrorCode;
  constructor(code: ShadowErrorCode, message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(code, message, codeOptions(SHADOW_ERRORS, code, options));
    this.name = 'ShadowError';
  }
}
