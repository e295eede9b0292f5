export { PlanSchema, RouteSchema, type Plan, type PlanInput, type Route } from './schema.js';
export { loadPlanFileOffThread } from './load-async.js';
export { parsePlan, loadPlanFile, resolvePlanPath, formatProblem, formatPath, PlanError } from './load.js';
export type { PlanProblem, LoadedPlan } from './load.js';
