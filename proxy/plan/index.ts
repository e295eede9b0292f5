export { PlanSchema, RouteSchema, type Plan, type PlanInput, type Route } from './schema.js';
export { parsePlan, loadPlanFile, resolvePlanPath, formatProblem, formatPath, PlanError } from './load.js';
export type { PlanProblem, LoadedPlan, PlanLoadOptions } from './load.js';
export { maskSecrets, SECRET_ENV_NAME } from './env.js';
