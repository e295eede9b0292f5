import { StranglerError } from '../errors.js';

/** Stable codes of the dashboard, `/stats` and `strangler status` (README: error-code table). */
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
} as const;

export type DashboardErrorCode = (typeof DASHBOARD_ERROR_CODES)[keyof typeof DASHBOARD_ERROR_CODES];

export class DashboardError extends StranglerError {
  constructor(code: DashboardErrorCode, message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'DashboardError';
  }
}
