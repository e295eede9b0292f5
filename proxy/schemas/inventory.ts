import { z } from 'zod';

/** Days of minute aggregates kept in the results store by default. */
export const DEFAULT_INVENTORY_RETENTION = '7d';
/** Minutes kept in memory when the proxy has no results store (and the minutes not yet written when it has). */
export const MEMORY_MINUTES = 60;

/** `90m`, `36h`, `7d`: a whole number of minutes, hours or days. */
const RETENTION = /^(\d{1,5})([mhd])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A retention text (already validated by the schema) in milliseconds. */
export function retentionMs(text: string): number {
  const m = RETENTION.exec(text)!;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

export const InventorySchema = z
  .strictObject({
    /** Count every request per minute, method and path template (never bodies, never raw URLs). Default true. */
    enabled: z.boolean().default(true).describe('Count every request per minute, method and path template (never bodies, never raw URLs). Default true.'),
    /** How long minute aggregates stay in the results store: `90m`, `36h`, `7d`. Default `7d`. Without a store, the last hour is kept in memory. */
    retention: z
      .string()
      .regex(RETENTION, 'must be a whole number of minutes, hours or days: 90m, 36h, 7d')
      .refine((t) => !RETENTION.test(t) || retentionMs(t) >= 60_000, 'must be at least one minute')
      .default(DEFAULT_INVENTORY_RETENTION)
      .describe('How long minute aggregates stay in the results store: `90m`, `36h`, `7d`. Default `7d`. Without a store, the last hour is kept in memory.'),
  })
  .prefault({});

export type InventorySettings = z.infer<typeof InventorySchema>;
