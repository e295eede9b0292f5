/**
 * The admin API: health, readiness, route table, metrics, token protection, plugins for other modules, and the
 * concepts' own admin routes: the flags kill switch (./flags.ts), `GET /traffic` (./inventory.ts) and
 * `POST /routes/:id/promote` (./promotion.ts). Those live here, not in their concept folders, because an admin
 * plugin takes the AdminContext (which carries ProxyServices) and admin/ sits above the services and the concepts.
 */
export { createAdminServer, adminFastify, type AdminContext, type AdminPlugin, type AdminServerOptions, type RouteRow } from './server.js';
export { adminToken, bearerMatches, isLoopbackHost } from './auth.js';
export { flagsAdminPlugin, type FlagsAdminOptions, type PinSwitch } from './flags.js';
export { inventoryAdminPlugin, routeStages, sinceOf, trafficAnswer, DEFAULT_TRAFFIC_WINDOW, type TrafficPartsAnswer } from './inventory.js';
export { promotionAdminPlugin, type PromotionAdminOptions } from './promotion.js';
export { probeTcp, runChecks, MONOLITH_PROBE_MAX_MS, type ReadinessCheck, type ReadinessResult } from './readiness.js';
export {
  AdminTokenRequiredError,
  AdminTokenEmptyError,
  AdminUnauthorizedError,
  ADMIN_TOKEN_REQUIRED,
  ADMIN_TOKEN_EMPTY,
  ADMIN_UNAUTHORIZED,
} from './errors.js';
