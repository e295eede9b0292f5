import { MINUTE_MS, type TrafficAggregate } from '../../planner/inventory/index.js';
import type { TrafficStore } from './inventory.js';

/**
 * The traffic inventory's stored minutes from `since` (epoch ms; from the start of its minute) on, oldest first:
 * what `strangler analyze` reads from a results store (`openResultsStore(target, settings, { reader: true })`).
 * A store without inventory tables (a test double) has no minutes. Rejects with STRANGLER_SHADOW_STORE_UNAVAILABLE
 * (PostgreSQL unreachable).
 * @example
 *   const minutes = await readTraffic(store, { since: Date.now() - 7 * 86_400_000 });
 */
export async function readTraffic(store: Pick<TrafficStore, 'readTraffic'>, options: { since: number }): Promise<TrafficAggregate[]> {
  if (store.readTraffic === undefined) return [];
  return store.readTraffic(options.since - (options.since % MINUTE_MS));
}
