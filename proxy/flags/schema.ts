import { z } from 'zod';

/**
 * Where stages come from. `static`: each route's `stage` field, nothing else.
 * (The flags issue adds `file` and `launchdarkly`.)
 */
export const FlagsSchema = z
  .strictObject({
    source: z.literal('static').default('static'),
  })
  .prefault({});
export type FlagsConfig = z.infer<typeof FlagsSchema>;

/** Per-route flag settings. */
export const RouteFlagSchema = z
  .strictObject({
    /** The flag key. Default: `strangler-route-<route id>`. */
    key: z.string().min(1).optional(),
  })
  .prefault({});
