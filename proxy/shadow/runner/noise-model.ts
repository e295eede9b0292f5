import { classifyFields } from '../noise/classify.js';
import type { ShadowStore } from '../store/store.js';
import type { ShadowRoute } from './routes.js';

/**
 * Fields currently learned as noise, per route, from the store's noise counts. Recomputed at most every
 * `refreshMs` per route (a flush and two small queries), so the hot path reads a Set.
 */
export class NoiseModel {
  private cache = new Map<string, { until: number; noisy: ReadonlySet<string> }>();

  constructor(
    private readonly store: ShadowStore,
    private readonly refreshMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  noisyFields(route: ShadowRoute): ReadonlySet<string> {
    if (route.config.noise.mode !== 'learn') return EMPTY;
    const hit = this.cache.get(route.id);
    const now = this.now();
    if (hit && hit.until > now) return hit.noisy;
    const stats = this.store.noiseStats(route.id);
    const noisy = new Set(
      classifyFields(stats.samples, stats.fields, route.config.noise)
        .filter((f) => f.verdict === 'noise')
        .map((f) => f.field),
    );
    this.cache.set(route.id, { until: now + this.refreshMs, noisy });
    return noisy;
  }

  clear(): void {
    this.cache.clear();
  }
}

const EMPTY: ReadonlySet<string> = new Set();
