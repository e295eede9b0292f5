/**
 * `strangler proxy --workers N`: one proxy per core through node:cluster. The primary supervises the workers and
 * serves the fleet's admin API (./primary.ts, ./supervisor.ts, ./fleet-admin.ts); each worker is a normal proxy
 * that answers the primary over IPC (./worker.ts).
 */
export { runPrimary, parseWorkers, MAX_WORKERS, type RunningCluster } from './primary.js';
export { joinCluster, reportRollbackPin } from './worker.js';
export { Supervisor, ASK_TIMEOUT_MS } from './supervisor.js';
export { createFleetAdmin, type FleetAdminOptions } from './fleet-admin.js';
export { mergeRoutes, mergeStats, type RoutesAnswer } from './merge.js';
export { restartDelayMs, nextDeathCount, RESTART_BASE_MS, RESTART_MAX_MS, RESTART_RESET_AFTER_MS } from './backoff.js';
export { ClusterError, CLUSTER_ERROR_CODES } from './errors.js';
