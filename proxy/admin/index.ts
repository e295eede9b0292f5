/** The admin API: health, readiness, route table, metrics, token protection, and plugins for other modules. */
export { createAdminServer, adminFastify, type AdminContext, type AdminPlugin, type AdminServerOptions, type RouteRow } from './server.js';
export { adminToken, bearerMatches, isLoopbackHost } from './auth.js';
export { probeTcp, runChecks, MONOLITH_PROBE_MAX_MS, type ReadinessCheck, type ReadinessResult } from './readiness.js';
export {
  AdminTokenRequiredError,
  AdminTokenEmptyError,
  AdminUnauthorizedError,
  ADMIN_TOKEN_REQUIRED,
  ADMIN_TOKEN_EMPTY,
  ADMIN_UNAUTHORIZED,
} from './errors.js';
