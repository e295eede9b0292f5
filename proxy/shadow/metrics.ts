import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Prometheus metrics of shadowing, registered on the registry the proxy passes in (its `/metrics`). Each replica
 * keeps its own SQLite store unless the fleet shares PostgreSQL; these counters are what a fleet sums. Labels stay bounded: route ids and fixed
 * reasons, never field paths or request data.
 */
export class ShadowMetrics {
  readonly comparisons: Counter<'route' | 'result'>;
  readonly errors: Counter<'route' | 'side' | 'code'>;
  readonly skipped: Counter<'route' | 'reason'>;
  readonly latency: Histogram<'route' | 'side'>;
  readonly inFlight: Gauge;
  readonly storeDropped: Counter;

  constructor(registry: Registry) {
    // A second ShadowMetrics on the same registry (plan reload) reuses the metrics instead of failing.
    const get = <T>(name: string, make: () => T): T => (registry.getSingleMetric(name) as T | undefined) ?? make();
    const registers = [registry];
    this.comparisons = get(
      'strangler_shadow_comparisons_total',
      () =>
        new Counter({
          name: 'strangler_shadow_comparisons_total',
          help: 'Shadow comparisons by result (match, mismatch).',
          labelNames: ['route', 'result'],
          registers,
        }),
    );
    this.errors = get(
      'strangler_shadow_errors_total',
      () =>
        new Counter({
          name: 'strangler_shadow_errors_total',
          help: 'Shadow calls that failed or timed out.',
          labelNames: ['route', 'side', 'code'],
          registers,
        }),
    );
    this.skipped = get(
      'strangler_shadow_skipped_total',
      () =>
        new Counter({
          name: 'strangler_shadow_skipped_total',
          help: 'Requests not shadowed (cap, unsafe, body-too-large, closing).',
          labelNames: ['route', 'reason'],
          registers,
        }),
    );
    this.latency = get(
      'strangler_shadow_latency_seconds',
      () =>
        new Histogram({
          name: 'strangler_shadow_latency_seconds',
          help: 'Latency of both sides of shadowed requests.',
          labelNames: ['route', 'side'],
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers,
        }),
    );
    this.inFlight = get(
      'strangler_shadow_in_flight',
      () => new Gauge({ name: 'strangler_shadow_in_flight', help: 'Shadow calls in flight (bounded by shadow.maxConcurrent).', registers }),
    );
    this.storeDropped = get(
      'strangler_shadow_store_dropped_total',
      () =>
        new Counter({
          name: 'strangler_shadow_store_dropped_total',
          help: 'Comparisons not written because the shared (PostgreSQL) results store was slow or down; clients are not affected.',
          registers,
        }),
    );
  }
}
