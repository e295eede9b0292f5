/**
 * Promotion: where a route is, which moves are gated, the gates themselves, the change per flag source, the audit
 * line, prewarming, and automatic rollback (the way back when a promoted route misbehaves). `strangler promote` and
 * the admin API's `POST /routes/:id/promote` both call `promote`. Behaviour and codes: docs/promotion.md.
 */
export { promote, routeOf, type PromotionContext, type PromotionRequest, type PromotionResult, type PromotionAudit } from './promote.js';
export { parsePromotionBody, PromotionBodySchema } from './request.js';
export { currentStage, furthestStage, isGated, restOf, type CurrentStage } from './stage.js';
export { checkGate, type GateCheck, type GateInput, type GateResult } from '../shadow/gates.js';
export { changeStage, type FlagChange, type FlagFileChange, type LaunchDarklyChange, type StaticChange } from './flag-change.js';
export { appendAuditLine, auditFileOf, promotionEvent, type PromotionAuditEntry } from './audit.js';
export { prewarm, checkPrewarmCount, prewarmFailureLines, MAX_PREWARM, type PrewarmOptions, type PrewarmReport } from './prewarm.js';
export {
  RollbackMonitor,
  proxyRollback,
  rollbackSettings,
  type PinFn,
  type ProxyRollbackOptions,
  type RollbackMonitorOptions,
  type RouteOutcomeSample,
} from './rollback.js';
export { PromotionError, PROMOTION_ERROR_CODES, type PromotionErrorCode } from './errors.js';
