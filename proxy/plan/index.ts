export { PlanSchema, RouteSchema, type Plan, type PlanInput, type Route } from './schema.js';
export { parsePlan, loadPlanFile, locateInPlan, resolvePlanPath, formatProblem, formatPath, PlanError } from './load.js';
export { planWarnings, type FunctionProbe, type PlanWarningOptions } from './warnings.js';
export type { PlanProblem, LoadedPlan, PlanLoadOptions } from './load.js';
export { maskSecrets, SECRET_ENV_NAME } from './env.js';
export { watchFiles, WATCH_DEBOUNCE_MS, type FileWatcher, type WatchFilesOptions } from './watch-files.js';
