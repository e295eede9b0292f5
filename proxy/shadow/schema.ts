import { z } from 'zod';
import { MillisSchema, RatioSchema } from '../plan/common.js';

/** Per-route shadow settings. (The shadow issue adds comparison rules and noise learning.) */
export const RouteShadowSchema = z
  .strictObject({
    /** Fraction of eligible requests that are shadowed. Default 1. */
    sampleRate: RatioSchema.default(1),
    /** Unsafe methods: `skip` (default) never shadows them; `dry-run` shadows them marked `x-strangler-shadow: 1`. */
    unsafe: z.enum(['skip', 'dry-run']).default('skip'),
    /** Deadline of a shadow call. Default 5000 ms. */
    timeoutMs: MillisSchema.default(5_000),
  })
  .prefault({});

/** Promotion gates per stage transition. (Filled by the shadow issue.) */
export const GatesSchema = z.strictObject({}).prefault({});
