import { DAY_MS, deleteRoute, hourOf, openDb, type Db } from './db.js';
import { bucketOf } from './histogram.js';
import { readNoiseStats, readStats, routeIds } from './read.js';
import { redactDiff, redactHeaders, redactUrl } from './redact.js';
import type { ComparisonRecord, RouteStats, ShadowSide, SkipReason, StoredDiff } from './types.js';

export interface StoreOptions {
  /** Mismatch samples kept per route. */
  maxSamples: number;
  retentionDays: number;
  /** How often buffered results are written (0: never automatically; call `flush`). */
  flushIntervalMs: number;
  /** Clock (tests). */
  now?: () => number;
  /** Differences kept per sample. Default 20. */
  maxSampleDiffs?: number;
  /** Longest JSON text of one stored value; longer ones are cut. Default 2000. */
  maxValueChars?: number;
  /** Events (rollbacks, promotions) kept per route. Default 200. */
  maxEvents?: number;
}

interface CountDelta {
  compared: number;
  matched: number;
  mismatched: number;
  noisy: number;
  noise_samples: number;
}

const SEP = '\u0000';
const PRUNE_EVERY_MS = 3_600_000;
const MAX_PENDING_FIELDS = 5_000;
/** The field name distinct fields past the bound are counted under. */
export const OTHER_FIELDS = '(other fields)';

/**
 * The shadow results of one proxy process, in SQLite. Recording is synchronous and cheap: results are aggregated in
 * memory (counts, histogram buckets, field counts, at most `maxSamples` pending samples per route, so memory is
 * bounded whatever the traffic) and written in one transaction per `flushIntervalMs`. Readers flush first.
 * @example
 *   const store = ShadowStore.open('.strangler/shadow-8080.sqlite', { maxSamples: 50, retentionDays: 14, flushIntervalMs: 1000 });
 *   store.recordSkip({ route: 'products', reason: 'cap' });
 *   const [stats] = store.stats('products');
 */
export class ShadowStore {
  readonly path: string;
  private readonly db: Db;
  private readonly opts: Required<Omit<StoreOptions, 'now'>>;
  private readonly now: () => number;
  private counts = new Map<string, CountDelta>();
  private outcomes = new Map<string, number>();
  private latency = new Map<string, number>();
  private fields = new Map<string, { diffs: number; raw: number; noise: number }>();
  private samples = new Map<string, { at: number; body: string }[]>();
  private timer: NodeJS.Timeout | undefined;
  private lastPrune = 0;
  private closed = false;

  private constructor(path: string, db: Db, options: StoreOptions) {
    this.path = path;
    this.db = db;
    this.now = options.now ?? Date.now;
    this.opts = { maxSampleDiffs: 20, maxValueChars: 2000, maxEvents: 200, ...options };
    this.prune();
    if (options.flushIntervalMs > 0) {
      this.timer = setInterval(() => this.flush(), options.flushIntervalMs);
      // Never keeps the process alive: close() does the last flush.
      this.timer.unref();
    }
  }

  /** Opens or creates a store. `mustExist`: for readers (the CLI), fail with STRANGLER_SHADOW_STORE_MISSING. */
  static open(path: string, options: StoreOptions & { mustExist?: boolean }): ShadowStore {
    return new ShadowStore(path, openDb(path, { mustExist: options.mustExist ?? false }), options);
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

  /** Records a comparison. The sample (mismatches only) is redacted here, before it is buffered or written. */
  recordComparison(rec: ComparisonRecord): void {
    if (this.closed) return;
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
    if (!matched && this.opts.maxSamples > 0) this.bufferSample(rec);
  }

  private bufferSample(rec: ComparisonRecord): void {
    const r = rec.redaction;
    const diffs: StoredDiff[] = rec.result.diffs.slice(0, this.opts.maxSampleDiffs).map((d) => {
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
    if (list.length > this.opts.maxSamples) list.shift();
  }

  private clip(value: unknown): unknown {
    const text = JSON.stringify(value) ?? 'null';
    if (text.length <= this.opts.maxValueChars) return value;
    return `${text.slice(0, this.opts.maxValueChars)}… (${text.length} chars)`;
  }

  /** A failed or timed-out shadow call; its latency (time to failure) counts in that side's percentiles. */
  recordError(e: { route: string; side: ShadowSide; code: string; latencyMs?: number; at?: number; noise?: boolean }): void {
    if (this.closed) return;
    const at = e.at ?? this.now();
    this.bump(this.outcomes, `${e.route}${SEP}${hourOf(at)}${SEP}${e.noise ? 'noise-error' : 'error'}${SEP}${e.side}:${e.code}`);
    if (e.latencyMs !== undefined && !e.noise) this.addLatency(e.route, at, e.side, e.latencyMs);
  }

  recordSkip(s: { route: string; reason: SkipReason; at?: number }): void {
    if (this.closed) return;
    this.bump(this.outcomes, `${s.route}${SEP}${hourOf(s.at ?? this.now())}${SEP}skip${SEP}${s.reason}`);
  }

  /** Rollbacks and promotions: rare and important, so written at once. */
  recordEvent(e: { route: string; kind: string; message: string; detail?: unknown; at?: number }): void {
    if (this.closed) return;
    this.db
      .prepare('INSERT INTO events (route, at, kind, message, detail) VALUES (?, ?, ?, ?, ?)')
      .run(e.route, e.at ?? this.now(), e.kind, e.message, e.detail === undefined ? null : JSON.stringify(e.detail));
  }

  /** Writes everything buffered in one transaction. */
  flush(): void {
    if (this.closed) return;
    if (this.counts.size + this.outcomes.size + this.latency.size + this.fields.size + this.samples.size === 0) {
      this.maybePrune();
      return;
    }
    const { counts, outcomes, latency, fields, samples } = this;
    this.counts = new Map();
    this.outcomes = new Map();
    this.latency = new Map();
    this.fields = new Map();
    this.samples = new Map();
    const db = this.db;
    const upCounts = db.prepare(
      `INSERT INTO counts (route, hour, compared, matched, mismatched, noisy, noise_samples) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (route, hour) DO UPDATE SET compared = compared + excluded.compared, matched = matched + excluded.matched,
       mismatched = mismatched + excluded.mismatched, noisy = noisy + excluded.noisy, noise_samples = noise_samples + excluded.noise_samples`,
    );
    const upOutcome = db.prepare(
      `INSERT INTO outcomes (route, hour, kind, reason, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    );
    const upLatency = db.prepare(
      `INSERT INTO latency (route, hour, side, bucket, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    );
    const upField = db.prepare(
      `INSERT INTO fields (route, hour, field, diffs, raw, noise) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET diffs = diffs + excluded.diffs, raw = raw + excluded.raw, noise = noise + excluded.noise`,
    );
    const insSample = db.prepare('INSERT INTO samples (route, at, body) VALUES (?, ?, ?)');
    const cutSamples = db.prepare(
      `DELETE FROM samples WHERE route = ? AND id <= (SELECT id FROM samples WHERE route = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    );
    db.transaction(() => {
      for (const [key, c] of counts) {
        const [route, hour] = key.split(SEP);
        upCounts.run(route, Number(hour), c.compared, c.matched, c.mismatched, c.noisy, c.noise_samples);
      }
      for (const [key, n] of outcomes) {
        const [route, hour, kind, reason] = key.split(SEP);
        upOutcome.run(route, Number(hour), kind, reason, n);
      }
      for (const [key, n] of latency) {
        const [route, hour, side, bucket] = key.split(SEP);
        upLatency.run(route, Number(hour), side, Number(bucket), n);
      }
      for (const [key, f] of fields) {
        const [route, hour, field] = key.split(SEP);
        upField.run(route, Number(hour), field, f.diffs, f.raw, f.noise);
      }
      for (const [route, list] of samples) {
        for (const s of list) insSample.run(route, s.at, s.body);
        cutSamples.run(route, route, this.opts.maxSamples);
      }
    })();
    this.maybePrune();
  }

  private maybePrune(): void {
    if (this.now() - this.lastPrune >= PRUNE_EVERY_MS) this.prune();
  }

  /** Drops days, samples and events older than the retention, and events past `maxEvents` per route. */
  prune(): void {
    if (this.closed) return;
    const now = this.now();
    this.lastPrune = now;
    // Whole UTC days are kept, as before counts were per hour.
    const firstHour = (Math.floor(now / DAY_MS) - this.opts.retentionDays + 1) * 24;
    const cutoff = now - this.opts.retentionDays * DAY_MS;
    this.db.transaction(() => {
      for (const table of ['counts', 'outcomes', 'latency', 'fields']) this.db.prepare(`DELETE FROM ${table} WHERE hour < ?`).run(firstHour);
      this.db.prepare('DELETE FROM samples WHERE at < ?').run(cutoff);
      this.db.prepare('DELETE FROM events WHERE at < ?').run(cutoff);
      this.db
        .prepare(
          `DELETE FROM events WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY route ORDER BY id DESC) AS r FROM events) WHERE r > ?)`,
        )
        .run(this.opts.maxEvents);
    })();
  }

  /** Route ids with any data. */
  routes(): string[] {
    this.flush();
    return routeIds(this.db);
  }

  /**
   * Stats of one route, or of every route with data. `samples`: how many recent samples to include (default all
   * kept). `since` (epoch ms): only results from then on; counts are per hour, so they start at the hour that
   * contains `since`, while samples and events are cut exactly.
   */
  stats(route?: string, options: { samples?: number; since?: number } = {}): RouteStats[] {
    this.flush();
    const ids = route === undefined ? routeIds(this.db) : [route];
    const window = options.since === undefined ? undefined : { hour: hourOf(options.since), at: options.since };
    return ids.map((id) => readStats(this.db, id, options.samples ?? this.opts.maxSamples, window));
  }

  /**
   * Forgets a route's results (counts, latency, fields, samples, buffered or written), so gates are evaluated on
   * what comes next, e.g. after its compare rules were fixed. Its events stay, and the reset is recorded as one.
   */
  reset(route: string, event: { message: string; detail?: unknown }): void {
    if (this.closed) return;
    const prefix = `${route}${SEP}`;
    for (const map of [this.counts, this.outcomes, this.latency, this.fields] as Map<string, unknown>[]) {
      for (const key of map.keys()) if (key.startsWith(prefix)) map.delete(key);
    }
    this.samples.delete(route);
    deleteRoute(this.db, route);
    this.recordEvent({ route, kind: 'reset', ...event });
  }

  /** The noise-sampled request count and per-field counts a noise model is computed from. */
  noiseStats(route: string): { samples: number; fields: { field: string; raw: number; noise: number }[] } {
    this.flush();
    return readNoiseStats(this.db, route);
  }

  /** Flushes and closes. Recording after close is ignored (the proxy may still finish a shadow while stopping). */
  close(): void {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    this.flush();
    this.closed = true;
    this.db.close();
  }
}

