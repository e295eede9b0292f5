import { z } from 'zod';
import { MethodSchema, MillisSchema, RatioSchema } from '../plan/common.js';

/** Methods that may be replayed to the monolith after a Lambda failure, by default. */
export const DEFAULT_FALLBACK_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;

/** Circuit breaker per route. Route settings replace the defaults field by field. */
export const BreakerSchema = z
  .strictObject({
    /** Open when failures / calls over the window reach this ratio. Default 0.5. */
    failureRatio: RatioSchema.default(0.5),
    /** Calls needed in the window before the ratio counts. Default 20. */
    minimumRequests: z.int().positive().default(20),
    /** Length of the sliding window. Default 30000 ms. */
    windowMs: MillisSchema.default(30_000),
    /** How long the breaker stays open before a half-open probe. Default 10000 ms. */
    halfOpenAfterMs: MillisSchema.default(10_000),
  })
  .prefault({});

/** What happens when the Lambda fails for a route in `live`/`rampdown`. */
export const FallbackSchema = z
  .strictObject({
    /** Methods replayed to the monolith on failure. Default GET, HEAD, OPTIONS. */
    methods: z.array(MethodSchema).default([...DEFAULT_FALLBACK_METHODS]),
    /** Also replay any request that carries an `Idempotency-Key` header. Default false. */
    idempotencyKey: z.boolean().default(false),
    /** 5xx statuses returned by the function that count as failures (and fall back). Default none. */
    onStatus: z.array(z.int().min(500).max(599)).default([]),
    breaker: BreakerSchema,
  })
  .prefault({});
export type FallbackConfig = z.infer<typeof FallbackSchema>;
