import { Counter, Histogram, type Registry } from 'prom-client';

/** The metrics of dual writes' second writes (proxy/targets/second-write.ts), registered on the proxy's registry. */
export class SecondWriteMetrics {
  readonly writes: Counter<'route' | 'side' | 'outcome'>;
  readonly duration: Histogram<'route' | 'side'>;

  constructor(registry: Registry) {
    this.writes = new Counter({
      name: 'strangler_second_writes_total',
      help: 'Second writes of `writes: dual` routes, by route, the side written second, and outcome (ok, failed, skipped: the authoritative write did not succeed).',
      labelNames: ['route', 'side', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'strangler_second_write_duration_seconds',
      help: 'Duration of second writes, by route and side.',
      labelNames: ['route', 'side'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }
}
