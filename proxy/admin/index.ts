/**
 * The admin API: health, readiness, route table, metrics, token protection, plugins for other modules, and the
 * flags kill switch (./flags.ts: it needs the admin's bearer check, and admin/ sits above flags/).
 */
export { createAdminServer, adminFastify, type AdminContext, type AdminPlugin, type AdminServerOptions, type RouteRow } from './server.js';
export { adminToken, bearerMatches, isLoopbackHost } from './auth.js';
export { flagsAdminPlugin, type FlagsAdminOptions, type PinSwitch } from './flags.js';
export { probeTcp, runChecks, MONOLITH_PROBE_MAX_MS, type ReadinessCheck, type ReadinessResult } from './readiness.js';
export {
  AdminTokenRequiredError,
  AdminTokenEmptyError,
  AdminUnauthorizedError,
  ADMIN_TOKEN_REQUIRED,
  ADMIN_TOKEN_EMPTY,
  ADMIN_UNAUTHORIZED,
} from './errors.js';
