/**
 * strangler as a library: `createProxy(plan, options)` and what it is built from.
 * @example
 *   import { createPlanProxy, loadPlanFile, watchPlan } from '@strangler-toolkit/strangler';
 *   // flags, shadow comparison and the admin routes as the plan says (createProxy is the bare proxy)
 *   const proxy = await createPlanProxy(loadPlanFile('migration-plans/shop.yaml'));
 *   const { url, adminUrl } = await proxy.listen();
 *   const watcher = watchPlan(proxy, 'migration-plans/shop.yaml'); // SIGHUP and file changes reload
 *   process.once('SIGTERM', async () => { watcher.close(); await proxy.close(); });
 */
export {
  createProxy,
  createPlanProxy,
  type PlanProxyOptions,
  watchPlan,
  dispatch,
  Exchange,
  requestIdOf,
  type Proxy,
  type ProxyOptions,
  type ListenAddresses,
  type ReloadResult,
  type PlanWatcher,
  type WatchPlanOptions,
  type Target,
  type Targets,
} from './server/index.js';
export { ListenError, ShuttingDownError, UpgradeUnsupportedError, RejectedRequestError, FRONT_DOOR_CODES } from './server/errors.js';
export { StranglerError, isStranglerError } from './errors.js';
export { MonolithUnavailableError, MonolithTimeoutError, MonolithTarget, type MonolithServeOptions } from './forward/index.js';
export {
  createAdminServer,
  AdminTokenRequiredError,
  AdminTokenEmptyError,
  AdminUnauthorizedError,
  type AdminContext,
  type AdminPlugin,
  type ReadinessCheck,
  type ReadinessResult,
  type RouteRow,
} from './admin/index.js';
export { ProxyMetrics, UNMATCHED_ROUTE, NO_STAGE } from './metrics/index.js';
export { createLogger, REDACT_PATHS, SECRET_HEADERS, type LoggerOptions } from './logging/index.js';
export { buildRouter, type PlanRouter, type RouteMatch } from './routing/router.js';
export { staticStageResolver, type StageResolver, type StageDecision, type StageRequest, type RequestOutcome } from './routing/resolver.js';
export { planRequest, STAGES, type Stage, type RequestPlan, type Side } from './routing/stages.js';
export { createStageResolver, flagsAdminPlugin, FlagsError, FlagStageResolver, type StageResolverOptions } from './flags/index.js';
export { createShadowService, ShadowService, ShadowError, type ShadowServiceOptions, type ShadowReport } from './shadow/index.js';
export {
  dashboardPlugin,
  buildOverview,
  formatOverview,
  DashboardError,
  DASHBOARD_ERROR_CODES,
  type DashboardPluginOptions,
  type Overview,
  type OverviewRow,
  type RouteGates,
} from './dashboard/index.js';
export {
  TrafficInventory,
  readTraffic,
  inventoryAdminPlugin,
  InventoryError,
  INVENTORY_ERROR_CODES,
  type InventorySettings,
  type TrafficParts,
  type TrafficSummary,
} from './inventory/index.js';
export { RollingStats, attachRequestStats, requestStatsOf, type RouteWindowStats, type WindowStats } from './stats/index.js';
export { PlanSchema, parsePlan, loadPlanFile, loadPlanFileOffThread, formatProblem, PlanError, type Plan, type PlanInput, type Route, type LoadedPlan, type PlanProblem } from './plan/index.js';
