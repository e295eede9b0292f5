/**
 * Stage resolution: the resolver interface and the plan's static resolver (./resolver.ts), and what a stage means
 * for one request (`planRequest`, ./plan.ts). Below the request core and proxy/flags: the flag-backed resolver that
 * reads LaunchDarkly or a flags file (`FlagStageResolver`) lives with its flag sources in proxy/flags.
 */
export { staticStageResolver, type StageResolver, type StageDecision, type StageRequest, type RequestOutcome, type RouteStageInfo } from './resolver.js';
export { STAGES, SAFE_METHODS, isSafeMethod, isStage, planRequest, type Stage, type Side, type RequestPlan } from './plan.js';
