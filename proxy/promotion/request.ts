import { z } from 'zod';
import { STAGES } from '../stages/plan.js';
import { PromotionError, PROMOTION_ERROR_CODES } from './errors.js';
import { MAX_PREWARM } from './prewarm.js';
import type { PromotionRequest } from './promote.js';

/** The body of `POST /routes/:id/promote`. Unknown fields are refused, so a typo never promotes silently. */
export const PromotionBodySchema = z.strictObject({
  /** The stage to move to. Required. */
  to: z.enum(STAGES),
  /** Give `to` to this share of contexts (0–100, at most three decimals). Default: everyone. */
  percent: z
    .number()
    .min(0)
    .max(100)
    .refine((n) => Math.round(n * 1000) === n * 1000, 'at most 3 decimals')
    .optional(),
  /** Promote although the gates or the prewarm fail (audit-logged). Default false. */
  force: z.boolean().optional(),
  /** Why (audit log). */
  reason: z.string().max(1_000).optional(),
  /** Judge only the results of the last DURATION (`90s`, `30m`, `1h`, `7d`). Default: all kept results. */
  since: z.string().max(20).optional(),
  /** Warm-up invocations before the change (1–1000). Default: none. */
  prewarm: z.number().int().min(1).max(MAX_PREWARM).optional(),
});

/**
 * A promotion request from untrusted JSON. Throws STRANGLER_PROMOTE_INVALID (400) naming the field and what is
 * wrong with it.
 * @example
 *   parsePromotionBody('products', { to: 'live', percent: 10 }) // { route: 'products', to: 'live', percent: 10 }
 */
export function parsePromotionBody(route: string, body: unknown): PromotionRequest {
  const parsed = PromotionBodySchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
    throw new PromotionError(PROMOTION_ERROR_CODES.invalid, `${where}: ${issue.message}`, { statusCode: 400 });
  }
  return { route, ...parsed.data };
}
