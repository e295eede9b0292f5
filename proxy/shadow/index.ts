/**
 * Shadow traffic and response comparison: safe duplication, noise-aware diffs, a results store and the report.
 * Checking a route's gates against its shadow results is here too (./gates.ts, judged on what the report counts);
 * promotion and automatic rollback, which act on the verdict, live in proxy/promotion.
 */
export { createShadowService, ShadowService, type ServedRequest, type ShadowServiceOptions } from './service.js';
export * from '../schemas/shadow.js';
export {
  resolveShadowConfig,
  resolveGates,
  resolveStorePath,
  DEFAULT_GATES,
  GATED_STAGES,
  type ResolvedShadowConfig,
  type ResolvedGates,
  type GatedStage,
} from './config.js';
export { ShadowError, SHADOW_ERROR_CODES } from './errors.js';
export { checkGate, type GateCheck, type GateInput, type GateResult } from './gates.js';
export { ShadowMetrics } from './metrics.js';
export { compareResponses, compileRules, type CapturedResponse, type ComparisonResult, type FieldDiff } from './compare/index.js';
export { classifyFields, proposeIgnoreRules } from './noise/index.js';
export { ShadowStore, mergeStats, type RouteStats } from './store/index.js';
export {
  ShadowRunner,
  SHADOW_HEADER,
  decideShadow,
  compileShadowRoutes,
  type ShadowCall,
  type ShadowCallRequest,
  type ShadowDecision,
  type ShadowRoute,
} from './runner/index.js';
export { buildReport, formatReport, shadowReportPlugin, type ShadowReport, type RouteReport } from './report/index.js';
export { teeBody, monolithShadowCaller } from './wiring/index.js';
