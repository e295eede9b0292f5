/**
 * strangler as a library (`@strangler-toolkit/strangler`): what users program against, listed with one line each in
 * docs/api.md (a test imports every name listed there from the built package). The request pipeline's internals
 * (the dispatch, the per-request exchange, the targets, the router) stay inside; examples, bench and the CLI may
 * import them by relative path.
 * @example
 *   import { createPlanProxy, loadPlanFile, watchPlan } from '@strangler-toolkit/strangler';
 *   // flags, shadow comparison and the admin routes as the plan says (createProxy is the bare proxy)
 *   const proxy = await createPlanProxy(loadPlanFile('migration-plans/shop.yaml'));
 *   const { url, adminUrl } = await proxy.listen();
 *   const watcher = watchPlan(proxy, 'migration-plans/shop.yaml'); // SIGHUP and file changes reload
 *   process.once('SIGTERM', async () => { watcher.close(); await proxy.close(); });
 */

// The proxy and its plan
export {
  createProxy,
  createPlanProxy,
  watchPlan,
  requestIdOf,
  type PlanProxyOptions,
  type Proxy,
  type ProxyOptions,
  type ListenAddresses,
  type ReloadResult,
  type PlanWatcher,
  type WatchPlanOptions,
} from './server/index.js';
export {
  PlanSchema,
  parsePlan,
  loadPlanFile,
  loadPlanFileOffThread,
  formatProblem,
  PlanError,
  type Plan,
  type PlanInput,
  type Route,
  type LoadedPlan,
  type PlanProblem,
} from './plan/index.js';

// Lambda routes: the `lambda` option, the failure classification hook, failure kinds
export type { LambdaOptions } from './services/lambda-shared.js';
export {
  LAMBDA_FAILURES,
  LambdaFailure,
  type FailureKind,
  type LambdaFailureCode,
  type Classification,
  type ClassifyContext,
  type ClassifyHook,
} from './fallback/index.js';

// Errors and their code tables
export { StranglerError, isStranglerError, defineCodes, type CodeTable, type CodeInfo, type CodeOf } from './errors/index.js';
export {
  ERROR_TABLES,
  ADAPTER_ERRORS,
  ANALYZE_ERRORS,
  ADMIN_ERRORS,
  CLUSTER_ERRORS,
  CORE_ERRORS,
  DASHBOARD_ERRORS,
  EVENT_ERRORS,
  FLAGS_ERRORS,
  FORWARD_ERRORS,
  INVENTORY_ERRORS,
  LAMBDA_ERRORS,
  LAMBDA_SERVICE_ERRORS,
  PACKAGE_ERRORS,
  PLAN_ERRORS,
  PROMOTION_ERRORS,
  ROUTING_ERRORS,
  SERVER_ERRORS,
  SHADOW_ERRORS,
  TEMPLATE_ERRORS,
  TRACING_ERRORS,
} from './error-codes/index.js';
export {
  ListenError,
  ShuttingDownError,
  UpgradeUnsupportedError,
  ConnectUnsupportedError,
  TlsError,
  RejectedRequestError,
  FRONT_DOOR_CODES,
  LISTEN_FAILED,
  SHUTTING_DOWN,
  UPGRADE_UNSUPPORTED,
  CONNECT_UNSUPPORTED,
  TLS_INVALID,
  type FrontDoorKind,
} from './server/errors.js';
export { MonolithUnavailableError, MonolithTimeoutError, MONOLITH_UNAVAILABLE, MONOLITH_TIMEOUT } from './forward/errors.js';
export { PathInvalidError, PATH_INVALID } from './routing/path.js';
export { TracingConfigError, TRACING_ERROR_CODES } from './tracing/errors.js';
export { ClusterError, CLUSTER_ERROR_CODES } from './cluster/errors.js';

// Admin API: plugins, readiness checks
export {
  createAdminServer,
  AdminTokenRequiredError,
  AdminTokenEmptyError,
  AdminUnauthorizedError,
  ADMIN_TOKEN_REQUIRED,
  ADMIN_TOKEN_EMPTY,
  ADMIN_UNAUTHORIZED,
  type AdminContext,
  type AdminPlugin,
  type ReadinessCheck,
  type ReadinessResult,
  type RouteRow,
} from './admin/index.js';

// Observability
export { ProxyMetrics, UNMATCHED_ROUTE, NO_STAGE } from './metrics/index.js';
export { createLogger, REDACT_PATHS, SECRET_HEADERS, type LoggerOptions } from './logging/index.js';
export { RollingStats, type RouteWindowStats, type WindowStats } from './stats/index.js';

// Stages and flags
export { staticStageResolver, type StageResolver, type StageDecision, type StageRequest, type RequestOutcome } from './stages/resolver.js';
export { planRequest, STAGES, type Stage, type RequestPlan, type Side } from './stages/plan.js';
export { createStageResolver, FlagsError, FlagStageResolver, type FlagsErrorCode, type StageResolverOptions } from './flags/index.js';
export { flagsAdminPlugin, promotionAdminPlugin, inventoryAdminPlugin } from './admin/index.js';

// Shadow traffic and the dashboard
export { createShadowService, ShadowService, ShadowError, SHADOW_ERROR_CODES, type ShadowServiceOptions, type ShadowReport } from './shadow/index.js';
export {
  promote,
  prewarm,
  RollbackMonitor,
  PromotionError,
  PROMOTION_ERROR_CODES,
  type PromotionRequest,
  type PromotionResult,
  type PrewarmReport,
} from './promotion/index.js';
export {
  dashboardPlugin,
  buildOverview,
  formatOverview,
  DashboardError,
  DASHBOARD_ERROR_CODES,
  type DashboardErrorCode,
  type DashboardPluginOptions,
  type Overview,
  type OverviewRow,
  type RouteGates,
} from './dashboard/index.js';
export {
  TrafficInventory,
  readTraffic,
  InventoryError,
  INVENTORY_ERROR_CODES,
  type InventorySettings,
  type TrafficParts,
  type TrafficSummary,
} from './inventory/index.js';
