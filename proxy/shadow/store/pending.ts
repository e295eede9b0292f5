import { hourOf } from './hours.js';
import { bucketOf } from '../../metrics/histogram.js';
import { redactDiff, redactHeaders, redactUrl } from './redact.js';
import type { ComparisonRecord, ShadowSide, SkipReason, StoredDiff } from './types.js';

export interface CountDelta {
  compared: number;
  matched: number;
  mismatched: number;
  noisy: number;
  noise_samples: number;
}

/** What one flush writes: rows keyed by route and hour bucket, each to add to what is stored. */
export interface PendingBatch {
  counts: { route: string; hour: number; c: CountDelta }[];
  outcomes: { route: string; hour: number; kind: string; reason: string; n: number }[];
  latency: { route: string; hour: number; side: string; bucket: number; n: number }[];
  fields: { route: string; hour: number; field: string; diffs: number; raw: number; noise: number }[];
  samples: { route: string; at: number; body: string }[];
  /** Comparisons in this batch (what is counted as dropped when it cannot be written). */
  comparisons: number;
}

export interface PendingLimits {
  maxSamples: number;
  maxSampleDiffs: number;
  maxValueChars: number;
}

const SEP = '\u0000';
const MAX_PENDING_FIELDS = 5_000;
/** The field name distinct fields past the bound are counted under. */
export const OTHER_FIELDS = '(other fields)';

/**
 * Results recorded since the last flush, aggregated in memory (counts, histogram buckets, field counts, at most
 * `maxSamples` samples per route), so memory is bounded whatever the traffic and a flush writes one row per route,
 * hour and key. Both stores (SQLite, PostgreSQL) buffer through this; only how a batch is written differs.
 */
export class PendingResults {
  private counts = new Map<string, CountDelta>();
  private outcomes = new Map<string, number>();
  private latency = new Map<string, number>();
  private fields = new Map<string, { diffs: number; raw: number; noise: number }>();
  private samples = new Map<string, { at: number; body: string }[]>();

  constructor(private readonly limits: PendingLimits) {}

  get empty(): boolean {
    return this.counts.size + this.outcomes.size + this.latency.size + this.fields.size + this.samples.size === 0;
  }

  private countsFor(route: string, at: number): CountDelta {
    const key = `${route}${SEP}${hourOf(at)}`;
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, (c = { compared: 0, matched: 0, mismatched: 0, noisy: 0, noise_samples: 0 }));
    return c;
  }

  private bump<K>(map: Map<K, number>, key: K, n = 1): void {
    map.set(key, (map.get(key) ?? 0) + n);
  }

  private addLatency(route: string, at: number, side: ShadowSide, ms: number): void {
    this.bump(this.latency, `${route}${SEP}${hourOf(at)}${SEP}${side}${SEP}${bucketOf(ms)}`);
  }

  private bumpField(route: string, at: number, field: string, what: 'diffs' | 'raw' | 'noise'): void {
    let key = `${route}${SEP}${hourOf(at)}${SEP}${field}`;
    // Bodies keyed by ids (`$.byId.81723`) would make a field per id: past the bound, new ones share one row.
    if (this.fields.size >= MAX_PENDING_FIELDS && !this.fields.has(key)) key = `${route}${SEP}${hourOf(at)}${SEP}${OTHER_FIELDS}`;
    let f = this.fields.get(key);
    if (!f) this.fields.set(key, (f = { diffs: 0, raw: 0, noise: 0 }));
    f[what] += 1;
  }

  /** Adds a comparison. The sample (mismatches only) is redacted here, before it is buffered. */
  comparison(rec: ComparisonRecord): void {
    const c = this.countsFor(rec.route, rec.at);
    c.compared += 1;
    const matched = rec.result.equal || rec.noiseOnly;
    if (matched) c.matched += 1;
    else c.mismatched += 1;
    if (!rec.result.equal && rec.noiseOnly) c.noisy += 1;
    this.addLatency(rec.route, rec.at, 'monolith', rec.latencyMs.monolith);
    this.addLatency(rec.route, rec.at, 'lambda', rec.latencyMs.lambda);
    const differing = new Set(rec.result.diffs.map((d) => d.field));
    for (const field of differing) this.bumpField(rec.route, rec.at, field, 'diffs');
    if (rec.noise) {
      c.noise_samples += 1;
      for (const field of differing) this.bumpField(rec.route, rec.at, field, 'raw');
      for (const field of new Set(rec.noise.diffs.map((d) => d.field))) this.bumpField(rec.route, rec.at, field, 'noise');
    }
    if (!matched && this.limits.maxSamples > 0) this.bufferSample(rec);
  }

  private bufferSample(rec: ComparisonRecord): void {
    const r = rec.redaction;
    const diffs: StoredDiff[] = rec.result.diffs.slice(0, this.limits.maxSampleDiffs).map((d) => {
      const safe = redactDiff(d, r);
      const out: StoredDiff = { path: safe.path, field: safe.field, kind: safe.kind };
      if ('a' in safe) out.monolith = this.clip(safe.a);
      if ('b' in safe) out.lambda = this.clip(safe.b);
      return out;
    });
    const body = JSON.stringify({
      requestId: rec.request.id,
      method: rec.request.method,
      url: redactUrl(rec.request.url, r),
      servedBy: rec.servedBy,
      status: { monolith: rec.result.status.a, lambda: rec.result.status.b },
      headers: redactHeaders(rec.request.headers, r),
      diffs,
      truncated: rec.result.truncated || rec.result.diffs.length > diffs.length,
    });
    let list = this.samples.get(rec.route);
    if (!list) this.samples.set(rec.route, (list = []));
    list.push({ at: rec.at, body });
    // Only the most recent samples survive pruning anyway: never buffer more than that.
    if (list.length > this.limits.maxSamples) list.shift();
  }

  private clip(value: unknown): unknown {
    const text = JSON.stringify(value) ?? 'null';
    if (text.length <= this.limits.maxValueChars) return value;
    return `${text.slice(0, this.limits.maxValueChars)}… (${text.length} chars)`;
  }

  error(e: { route: string; side: ShadowSide; code: string; latencyMs?: number | undefined; noise?: boolean | undefined }, at: number): void {
    this.bump(this.outcomes, `${e.route}${SEP}${hourOf(at)}${SEP}${e.noise ? 'noise-error' : 'error'}${SEP}${e.side}:${e.code}`);
    if (e.latencyMs !== undefined && !e.noise) this.addLatency(e.route, at, e.side, e.latencyMs);
  }

  skip(route: string, reason: SkipReason, at: number): void {
    this.bump(this.outcomes, `${route}${SEP}${hourOf(at)}${SEP}skip${SEP}${reason}`);
  }

  /** Forgets what is buffered for a route. */
  forget(route: string): void {
    const prefix = `${route}${SEP}`;
    for (const map of [this.counts, this.outcomes, this.latency, this.fields] as Map<string, unknown>[]) {
      for (const key of map.keys()) if (key.startsWith(prefix)) map.delete(key);
    }
    this.samples.delete(route);
  }

  /** Hands over everything buffered (sorted by key, so concurrent writers lock rows in one order) and starts afresh. */
  take(): PendingBatch {
    const sorted = <V>(m: Map<string, V>): [string[], V][] => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k.split(SEP), v]);
    const batch: PendingBatch = {
      counts: sorted(this.counts).map(([[route, hour], c]) => ({ route: route!, hour: Number(hour), c })),
      outcomes: sorted(this.outcomes).map(([[route, hour, kind, reason], n]) => ({ route: route!, hour: Number(hour), kind: kind!, reason: reason!, n })),
      latency: sorted(this.latency).map(([[route, hour, side, bucket], n]) => ({ route: route!, hour: Number(hour), side: side!, bucket: Number(bucket), n })),
      fields: sorted(this.fields).map(([[route, hour, field], f]) => ({ route: route!, hour: Number(hour), field: field!, ...f })),
      samples: [...this.samples].flatMap(([route, list]) => list.map((s) => ({ route, ...s }))),
      comparisons: 0,
    };
    for (const c of this.counts.values()) batch.comparisons += c.compared;
    this.counts = new Map();
    this.outcomes = new Map();
    this.latency = new Map();
    this.fields = new Map();
    this.samples = new Map();
    return batch;
  }
}

/**
 * What both stores share: recording into `PendingResults` (never blocking, ignored once closed). Subclasses write
 * the batches and answer the reads.
 */
export abstract class BufferedStore {
  protected closed = false;
  protected abstract readonly pending: PendingResults;
  protected abstract readonly now: () => number;

  /** Records a comparison. The sample (mismatches only) is redacted before it is buffered or written. */
  recordComparison(rec: ComparisonRecord): void {
    if (!this.closed) this.pending.comparison(rec);
  }

  /** A failed or timed-out shadow call; its latency (time to failure) counts in that side's percentiles. */
  recordError(e: { route: string; side: ShadowSide; code: string; latencyMs?: number; at?: number; noise?: boolean }): void {
    if (!this.closed) this.pending.error(e, e.at ?? this.now());
  }

  recordSkip(s: { route: string; reason: SkipReason; at?: number }): void {
    if (!this.closed) this.pending.skip(s.route, s.reason, s.at ?? this.now());
  }
}
