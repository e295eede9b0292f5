import type { Registry } from 'prom-client';

/**
 * A counter and a histogram for the per-request hot path, registered on a prom-client Registry like its own
 * metrics (the registry formats anything with `name` and `get()`). prom-client validates and hashes the label set
 * on every `inc`/`observe`, even through a `labels()` child; here a label set is resolved once into a series object
 * that later updates are plain field writes on. The exposition is the same as prom-client's.
 */

type Labels = Record<string, string>;

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

interface MetricSnapshot {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: MetricValue[];
  aggregator: 'sum';
}

function labelsOf(names: readonly string[], values: readonly string[]): Labels {
  const labels: Labels = {};
  names.forEach((n, i) => (labels[n] = values[i]!));
  return labels;
}

export interface CounterSeries {
  inc(): void;
}

export class FastCounter {
  readonly type = 'counter';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, { labels: Labels; value: number; inc(): void }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The series of these label values (in `labelNames` order); keep it and call `inc()`. */
  child(key: string, values: readonly string[]): CounterSeries {
    let s = this.series.get(key);
    if (s === undefined) {
      const entry = {
        labels: labelsOf(this.labelNames, values),
        value: 0,
        inc() {
          entry.value++;
        },
      };
      s = entry;
      this.series.set(key, s);
    }
    return s;
  }

  get(): MetricSnapshot {
    return {
      name: this.name,
      help: this.help,
      type: 'counter',
      values: [...this.series.values()].map((s) => ({ labels: s.labels, value: s.value })),
      aggregator: 'sum',
    };
  }

  reset(): void {
    for (const s of this.series.values()) s.value = 0;
  }
}

export interface HistogramSeries {
  observe(value: number): void;
}

export class FastHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, { labels: Labels; counts: Float64Array; sum: number; count: number; observe(v: number): void }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly buckets: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  child(key: string, values: readonly string[]): HistogramSeries {
    let s = this.series.get(key);
    if (s === undefined) {
      const buckets = this.buckets;
      const entry = {
        labels: labelsOf(this.labelNames, values),
        // Per bucket (not cumulative); the last slot is +Inf.
        counts: new Float64Array(buckets.length + 1),
        sum: 0,
        count: 0,
        observe(v: number) {
          let i = 0;
          while (i < buckets.length && v > buckets[i]!) i++;
          entry.counts[i]!++;
          entry.sum += v;
          entry.count++;
        },
      };
      s = entry;
      this.series.set(key, s);
    }
    return s;
  }

  get(): MetricSnapshot {
    const values: MetricValue[] = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      for (let i = 0; i <= this.buckets.length; i++) {
        cumulative += s.counts[i]!;
        values.push({ labels: { le: i < this.buckets.length ? this.buckets[i]! : '+Inf', ...s.labels }, value: cumulative, metricName: `${this.name}_bucket` });
      }
      values.push({ labels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: s.labels, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: 'histogram', values, aggregator: 'sum' };
  }

  reset(): void {
    for (const s of this.series.values()) {
      s.counts.fill(0);
      s.sum = 0;
      s.count = 0;
    }
  }
}
