/**
 * `strangler analyze` without `--log`: the per-minute aggregates the proxy recorded into its results store (the
 * traffic inventory, docs/traffic-inventory.md). They are the unit the log path rolls its records into, so both
 * sources feed the same analysis.
 */
import type { TrafficAggregate } from '../../planner/inventory/index.js';
import { readTraffic } from '../../proxy/inventory/index.js';
import type { LoadedPlan } from '../../proxy/plan/index.js';
import type { StoreTarget } from '../../proxy/shadow/config.js';
import { ShadowError, SHADOW_ERROR_CODES } from '../../proxy/shadow/errors.js';
import { openForReading, storeTargets } from '../../proxy/shadow/report/index.js';
import { redactPgUrl } from '../../proxy/shadow/store/pg-store.js';

/** The window read from the store when `--since` is not given. */
export const DEFAULT_INVENTORY_SINCE = '24h';

export interface InventoryRead {
  /** Every stored minute of every store, oldest first per store (the analysis sums them per route). */
  aggregates: TrafficAggregate[];
  /** Where they were read: SQLite paths, PostgreSQL URLs without their password. */
  stores: string[];
}

/**
 * The traffic minutes from `since` (epoch ms) on, read from the plan's store (`shadow.store`) or from the `--store`
 * files given (replicas' files; their minutes add up). Throws STRANGLER_SHADOW_STORE_MISSING naming the plan field
 * when the store is `:memory:` or its file does not exist, STRANGLER_SHADOW_STORE_UNAVAILABLE when PostgreSQL is
 * unreachable.
 * @example
 *   const { aggregates } = await readInventory(loaded, [], Date.now() - 86_400_000);
 */
export async function readInventory(loaded: LoadedPlan, given: readonly string[], since: number): Promise<InventoryRead> {
  const targets = inventoryTargets(loaded, given);
  const aggregates: TrafficAggregate[] = [];
  for (const target of targets) {
    const store = open(target, loaded, given.length > 0);
    try {
      aggregates.push(...(await readTraffic(store, { since })));
    } finally {
      await store.close();
    }
  }
  return { aggregates, stores: targets.map(where) };
}

function inventoryTargets(loaded: LoadedPlan, given: readonly string[]): StoreTarget[] {
  try {
    return storeTargets(loaded, given);
  } catch (err) {
    if (!(err instanceof ShadowError) || err.code !== SHADOW_ERROR_CODES.storeMissing) throw err;
    throw new ShadowError(
      SHADOW_ERROR_CODES.storeMissing,
      `${loaded.file}: shadow.store.path is :memory:, so the proxy keeps no traffic inventory on disk: set shadow.store.path to a file (or shadow.store.kind: postgres), or give --log FILE`,
      { cause: err },
    );
  }
}

function open(target: StoreTarget, loaded: LoadedPlan, given: boolean): ReturnType<typeof openForReading> {
  try {
    return openForReading(target);
  } catch (err) {
    if (!(err instanceof ShadowError) || err.code !== SHADOW_ERROR_CODES.storeMissing) throw err;
    const from = given ? '--store' : `shadow.store.path of ${loaded.file}`;
    throw new ShadowError(
      SHADOW_ERROR_CODES.storeMissing,
      `no results store at ${where(target)} (${from}): has a proxy run with this plan? Give --store FILE for another replica's file, or --log FILE`,
      { cause: err },
    );
  }
}

function where(target: StoreTarget): string {
  return target.kind === 'sqlite' ? target.path : redactPgUrl(target.url);
}
