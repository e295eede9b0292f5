import { StranglerError } from '../errors.js';

/** Stable codes of promotion (`strangler promote`, `POST /admin/routes/:id/promote`). */
export const PROMOTION_ERROR_CODES = {
  /** The gates of the target stage do not hold (the reasons are listed): exit 1, HTTP 409. */
  gatesFailed: 'STRANGLER_PROMOTE_GATES_FAILED',
  /** The change cannot be made with this flag source (e.g. a percentage with static stages): HTTP 409. */
  unsupported: 'STRANGLER_PROMOTE_UNSUPPORTED',
  /** A promotion request with a bad field (`to` not a stage, `percent` out of range, …): HTTP 400. */
  invalid: 'STRANGLER_PROMOTE_INVALID',
  /** `--prewarm N`: some warm-up invocations failed, so the stage was not changed (unless forced): HTTP 409. */
  prewarmFailed: 'STRANGLER_PROMOTE_PREWARM_FAILED',
} as const;

export type PromotionErrorCode = (typeof PROMOTION_ERROR_CODES)[keyof typeof PROMOTION_ERROR_CODES];

export class PromotionError extends StranglerError {
  constructor(code: PromotionErrorCode, message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'PromotionError';
  }
}
