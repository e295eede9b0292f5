import { codeOptions, defineCodes, StranglerError, type CodeOf } from '../errors/index.js';

/** Stable codes of the dashboard, `/stats` and `strangler status`. */
export const DASHBOARD_ERRORS = defineCodes({
  STRANGLER_DASHBOARD_BAD_QUERY: { status: 400, meaning: '`GET /stats` with a `window` that is not a whole number of seconds from 1 to 300' },
  STRANGLER_DASHBOARD_UNKNOWN_ROUTE: { status: 404, meaning: '`GET /routes/:id/gates` names a route neither in the plan nor in the shadow store' },
  STRANGLER_DASHBOARD_CLIENT_MISSING: {
    meaning: 'start-up: the compiled dashboard script (dist/proxy/dashboard/client/dashboard.js) is missing, i.e. the code was never built (`npm run build`)',
  },
  STRANGLER_STATUS_ADMIN_UNREACHABLE: { meaning: '`strangler status`: the admin API did not answer (connection refused, timeout)' },
  STRANGLER_STATUS_ADMIN_REFUSED: { meaning: '`strangler status`: the admin API answered 401/403 (wrong or missing token)' },
  STRANGLER_STATUS_ADMIN_BAD_RESPONSE: { meaning: '`strangler status`: the address answered, but not with a strangler admin document' },
});

export type DashboardErrorCode = CodeOf<typeof DASHBOARD_ERRORS>;

/** Short names of DASHBOARD_ERRORS' codes. */
export const DASHBOARD_ERROR_CODES = {
  /** `GET /routes/:id/gates` for a route neither in the plan nor in the shadow store (404). */
  unknownRoute: 'STRANGLER_DASHBOARD_UNKNOWN_ROUTE',
  /** A bad query parameter on `/stats` (400). */
  badQuery: 'STRANGLER_DASHBOARD_BAD_QUERY',
  /** The compiled browser script (dist/proxy/dashboard/client/dashboard.js) is missing: the code was not built. */
  clientMissing: 'STRANGLER_DASHBOARD_CLIENT_MISSING',
  /** `strangler status`: the admin API cannot be reached (connection refused, timeout, DNS). */
  adminUnreachable: 'STRANGLER_STATUS_ADMIN_UNREACHABLE',
  /** `strangler status`: the admin API refused the token (401/403). */
  adminRefused: 'STRANGLER_STATUS_ADMIN_REFUSED',
  /** `strangler status`: the admin API answered something that is not a strangler admin document. */
  adminBadResponse: 'STRANGLER_STATUS_ADMIN_BAD_RESPONSE',
} as const satisfies Record<string, DashboardErrorCode>;

/** An error of the dashboard; its status is the table's unless the raiser gives another. */
export class DashboardError extends StranglerError {
  declare readonly code: DashboardErrorCode;
  constructor(code: DashboardErrorCode, message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(code, message, codeOptions(DASHBOARD_ERRORS, code, options));
    this.name = 'DashboardError';
  }
}
