import type { StoreTarget } from '../config.js';
import type { ShadowSettings } from '../../schemas/shadow.js';
import { PgShadowStore, type PgStoreOptions } from './pg-store.js';
import { ShadowStore } from './store.js';
import type { ResultsStore } from './types.js';

/**
 * The results store a plan asks for: the SQLite file, or the shared PostgreSQL database. `reader`: for the CLI
 * (`report`, `promote`): a SQLite file must exist (STRANGLER_SHADOW_STORE_MISSING), nothing is flushed on a timer.
 * @example
 *   const store = openResultsStore(resolveStoreTarget(plan.shadow, dir, port), plan.shadow.store);
 */
export function openResultsStore(
  target: StoreTarget,
  settings: Pick<ShadowSettings['store'], 'maxSamples' | 'retentionDays' | 'flushIntervalMs'>,
  options: { reader?: boolean; now?: () => number } & Pick<PgStoreOptions, 'onDropped' | 'onRecovered'> = {},
): ResultsStore {
  const common = {
    maxSamples: settings.maxSamples,
    retentionDays: settings.retentionDays,
    flushIntervalMs: options.reader ? 0 : settings.flushIntervalMs,
    ...(options.now ? { now: options.now } : {}),
  };
  if (target.kind === 'postgres') {
    return new PgShadowStore({ url: target.url, ...common, onDropped: options.onDropped, onRecovered: options.onRecovered });
  }
  return ShadowStore.open(target.path, { ...common, mustExist: options.reader ?? false });
}
