import { z } from 'zod';
import { MethodSchema, MillisSchema, RatioSchema } from './common.js';

/** Methods that may be replayed to the monolith after a Lambda failure, by default. */
export const DEFAULT_FALLBACK_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;
export const DEFAULT_FAILURE_RATIO = 0.5;
export const DEFAULT_MINIMUM_REQUESTS = 20;
export const DEFAULT_BREAKER_WINDOW_MS = 30_000;
export const DEFAULT_HALF_OPEN_AFTER_MS = 10_000;
/**
 * How a function's own 5xx answer counts, by default: as a failure. An Express function that throws still answers
 * (the framework catches the error and sends 500), so without this a broken function looks healthy.
 */
export const DEFAULT_SERVER_ERRORS = 'fail';

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
    methods: z
      .array(MethodSchema)
      .default([...DEFAULT_FALLBACK_METHODS])
      .describe('Methods replayed to the monolith on failure (replaying must be harmless). Default GET, HEAD, OPTIONS.'),
    /** Also replay any request that carries an `Idempotency-Key` header. Default false. */
    idempotencyKey: z
      .boolean()
      .default(false)
      .describe('Also replay any request that carries an `Idempotency-Key` header (the monolith dedupes). Default false.'),
    /**
     * Whether a 5xx answered by the function is a failure. `fail` (default): every 5xx is STRANGLER_LAMBDA_STATUS,
     * counts for the route's breaker and automatic rollback, and falls back when the request may be replayed
     * (`methods`, `idempotencyKey`); an unsafe request gets the function's own 5xx (the function ran). `pass`: a 5xx
     * is an answer like any other, except the statuses listed in `onStatus`. Per route only (no global section).
     */
    serverErrors: z
      .enum(['fail', 'pass'])
      .default(DEFAULT_SERVER_ERRORS)
      .describe(
        "Whether a 5xx answered by the function is a failure. fail (default): every 5xx is STRANGLER_LAMBDA_STATUS, counts for the breaker and automatic rollback, and falls back when the request may be replayed (an unsafe request gets the function's own 5xx). pass: a 5xx is an answer, except the statuses in onStatus.",
      ),
    /** With `serverErrors: pass`: the 5xx statuses that still count as failures (and fall back). Default none. */
    onStatus: z
      .array(z.int().min(500).max(599))
      .default([])
      .describe(
        'With serverErrors: pass, the 5xx statuses answered by the function that still count as failures (STRANGLER_LAMBDA_STATUS) and fall back. Default none (with serverErrors: fail every 5xx already does).',
      ),
    breaker: BreakerSchema.describe('Circuit breaker of the route: opens on a failure ratio over a window, probes after halfOpenAfterMs.'),
  })
  .prefault({});
export type FallbackConfig = z.infer<typeof FallbackSchema>;
