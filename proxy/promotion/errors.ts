import { codeOptions, defineCodes, StranglerError, type CodeOf } from '../errors/index.js';

/** Stable codes of promotion (`strangler promote`, `POST /admin/routes/:id/promote`). */
export const PROMOTION_ERRORS = defineCodes({
  STRANGLER_PROMOTE_GATES_FAILED: { status: 409, meaning: "the target stage's gates do not hold (every reason listed; `strangler promote` exits 1)" },
  STRANGLER_PROMOTE_UNSUPPORTED: { status: 409, meaning: 'the change cannot be made with this flag source (e.g. `--percent` with `flags.source: static`)' },
  STRANGLER_PROMOTE_INVALID: { status: 400, meaning: 'a promotion request with a bad field (`to` not a stage, `percent` out of range, a bad `prewarm` count)' },
  STRANGLER_PROMOTE_PREWARM_FAILED: { status: 409, meaning: '`--prewarm N`: some warm-up invocations failed, so the stage was not changed (unless forced)' },
});

export type PromotionErrorCode = CodeOf<typeof PROMOTION_ERRORS>;

/** Short names of PROMOTION_ERRORS' codes. */
export const PROMOTION_ERROR_CODES = {
  gatesFailed: 'STRANGLER_PROMOTE_GATES_FAILED',
  unsupported: 'STRANGLER_PROMOTE_UNSUPPORTED',
  invalid: 'STRANGLER_PROMOTE_INVALID',
  prewarmFailed: 'STRANGLER_PROMOTE_PREWARM_FAILED',
} as const satisfies Record<string, PromotionErrorCode>;

/** An error of promotion; its status is the table's unless the raiser gives another. */
export class PromotionError extends StranglerError {
  declare readonly code: PromotionErrorCode;
  constructor(code: PromotionErrorCode, message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(code, message, codeOptions(PROMOTION_ERRORS, code, options));
    this.name = 'PromotionError';
  }
}
