import { z } from 'zod';
import { MethodSchema, MillisSchema, RatioSchema } from '../plan/common.js';

/** Methods that may be replayed to the monolith after a Lambda failure, by default. */
export const DEFAULT_FALLBACK_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;
export const DEFAULT_FAILURE_RATIO = 0.5;
export const DEFAULT_MINIMUM_REQUESTS = 20;
export const DEFAULT_BREAKER_WINDOW_MS = 30_000;
export const DEFAULT_HALF_OPEN_AFTER_MS = 10_000;

/** Circuit breaker per route (proxy/fallback/breaker.ts). Route settings replace the defaults field by field. */
export const BreakerSchema = z
  .strictObject({
    /** Open when failures / calls over the window reach this ratio (above 0, at most 1). Default 0.5. */
    failureRatio: RatioSchema.refine((r) => r > 0, 'must be above 0 (0 would open on the first call)')
      .default(DEFAULT_FAILURE_RATIO)
      .describe('Open when failures / calls over the window reach this ratio (above 0, at most 1). Default 0.5.'),
    /** Calls needed in the window before the ratio counts. Default 20. */
    minimumRequests: z.int().positive().default(DEFAULT_MINIMUM_REQUESTS).describe('Calls needed in the window before the ratio counts. Default 20.'),
    /** Length of the sliding window. Default 30000 ms. */
    windowMs: MillisSchema.default(DEFAULT_BREAKER_WINDOW_MS).describe('Length of the sliding window. Default 30000 ms.'),
    /** How long the breaker stays open before a half-open probe. Default 10000 ms. */
    halfOpenAfterMs: MillisSchema.default(DEFAULT_HALF_OPEN_AFTER_MS).describe('How long the breaker stays open before one half-open probe. Default 10000 ms.'),
  })
  .prefault({});

/**
 * What happens when the Lambda fails for a route in `live`/`rampdown` (`complete` never falls back): which requests
 * may be replayed to the monolith, and the circuit breaker. Every field has a default; a route's section is its own
 * (there is no top-level fallback section to merge with).
 */
export const FallbackSchema = z
  .strictObject({
    /** Methods replayed to the monolith on failure. Default GET, HEAD, OPTIONS. */
    methods: z.array(MethodSchema).default([...DEFAULT_FALLBACK_METHODS]).describe('Methods replayed to the monolith on failure (replaying must be harmless). Default GET, HEAD, OPTIONS.'),
    /** Also replay any request that carries an `Idempotency-Key` header. Default false. */
    idempotencyKey: z.boolean().default(false).describe('Also replay any request that carries an `Idempotency-Key` header (the monolith dedupes). Default false.'),
    /** 5xx statuses returned by the function that count as failures (and fall back). Default none. */
    onStatus: z.array(z.int().min(500).max(599)).default([]).describe('5xx statuses answered by the function that count as failures (STRANGLER_LAMBDA_STATUS) and fall back. Default none.'),
    breaker: BreakerSchema.describe('Circuit breaker of the route: opens on a failure ratio over a window, probes after halfOpenAfterMs.'),
  })
  .prefault({});
export type FallbackConfig = z.infer<typeof FallbackSchema>;
