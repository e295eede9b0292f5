/**
 * Stage resolution in one place: the resolver interface and the plan's static resolver (./resolver.ts), what a
 * stage means for one request (`planRequest`, ./plan.ts), and the flag-backed resolver that reads LaunchDarkly or a
 * flags file (./flag-resolver.ts; its flag sources live in proxy/flags).
 */
export { staticStageResolver, type StageResolver, type StageDecision, type StageRequest, type RequestOutcome, type RouteStageInfo } from './resolver.js';
export { STAGES, SAFE_METHODS, isSafeMethod, isStage, planRequest, type Stage, type Side, type RequestPlan } from './plan.js';
export { FlagStageResolver, type StageChange, type StageChangeSource } from './flag-resolver.js';
