import { StranglerError } from '../errors.js';

/** Stable codes of the shadow concept (listed in the README's error table). */
export const SHADOW_ERROR_CODES = {
  /** A shadow call did not answer within `shadow.timeoutMs` (recorded as a shadow error; the client never sees it). */
  timeout: 'STRANGLER_SHADOW_TIMEOUT',
  /** A shadow call failed (connection refused, invoke error…); recorded as a shadow error. */
  callFailed: 'STRANGLER_SHADOW_CALL_FAILED',
  /** A shadow side answered with a body over `shadow.maxBodyBytes` (recorded as a shadow error). */
  bodyTooLarge: 'STRANGLER_SHADOW_BODY_TOO_LARGE',
  /** `GET /shadow/report` with a bad query parameter, `report/promote --since` with a bad duration (400). */
  badQuery: 'STRANGLER_SHADOW_BAD_QUERY',
  /** `report`/`promote`: there is no results store at the path (the proxy has not shadowed anything yet). */
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
} as const;

export class ShadowError extends StranglerError {
  constructor(code: (typeof SHADOW_ERROR_CODES)[keyof typeof SHADOW_ERROR_CODES], message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'ShadowError';
  }
}
