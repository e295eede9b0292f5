import { classifyFields } from '../noise/classify.js';
import type { NoiseStats, ResultsStore } from '../store/types.js';
import type { ShadowRoute } from './routes.js';

/**
 * Fields currently learned as noise, per route, from the store's noise counts. Recomputed at most every
 * `refreshMs` per route (a flush and two small queries), so the hot path reads a Set. A store that answers
 * asynchronously (PostgreSQL) is asked in the background: until it answers, the last known set (or none) holds,
 * and a failed read keeps it too.
 */
export class NoiseModel {
  private cache = new Map<string, { until: number; noisy: ReadonlySet<string> }>();

  constructor(
    private readonly store: Pick<ResultsStore, 'readNoiseStats'>,
    private readonly refreshMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  noisyFields(route: ShadowRoute): ReadonlySet<string> {
    if (route.config.noise.mode !== 'learn') return EMPTY;
    const hit = this.cache.get(route.id);
    const now = this.now();
    if (hit && hit.until > now) return hit.noisy;
    const until = now + this.refreshMs;
    const learn = (stats: NoiseStats): ReadonlySet<string> => {
      const noisy = new Set(
        classifyFields(stats.samples, stats.fields, route.config.noise)
          .filter((f) => f.verdict === 'noise')
          .map((f) => f.field),
      );
      this.cache.set(route.id, { until, noisy });
      return noisy;
    };
    const stats = this.store.readNoiseStats(route.id);
    if (!(stats instanceof Promise)) return learn(stats);
    const known = hit?.noisy ?? EMPTY;
    // Ask once per period, not once per request while the answer is on its way.
    this.cache.set(route.id, { until, noisy: known });
    stats.then(learn, () => undefined);
    return known;
  }

  clear(): void {
    this.cache.clear();
  }
}

const EMPTY: ReadonlySet<string> = new Set();
