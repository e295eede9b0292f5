import { DAY_MS, deleteRoute, hourOf, openDb, type Db } from './db.js';
import { BufferedStore, PendingResults } from './pending.js';
import { readNoiseStats, readStats, routeIds } from './read.js';
import type { TrafficAggregate } from '../../../planner/inventory/index.js';
import { aggregatesOf, TRAFFIC_PRUNE_SQL, TRAFFIC_READ_SQL, trafficHistRows, trafficRow, trafficUpsertSql } from './traffic.js';
import type { NoiseStats, ReadOptions, ResultsStore, RouteStats } from './types.js';

export { OTHER_FIELDS } from './pending.js';

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

const PRUNE_EVERY_MS = 3_600_000;

/**
 * The shadow results of one proxy process, in SQLite. Recording is synchronous and cheap: results are aggregated in
 * memory (counts, histogram buckets, field counts, at most `maxSamples` pending samples per route, so memory is
 * bounded whatever the traffic) and written in one transaction per `flushIntervalMs`. Readers flush first.
 * @example
 *   const store = ShadowStore.open('.strangler/shadow-8080.sqlite', { maxSamples: 50, retentionDays: 14, flushIntervalMs: 1000 });
 *   store.recordSkip({ route: 'products', reason: 'cap' });
 *   const [stats] = store.stats('products');
 */
export class ShadowStore extends BufferedStore implements ResultsStore {
  readonly path: string;
  readonly shared = false;
  private readonly db: Db;
  private readonly opts: Required<Omit<StoreOptions, 'now'>>;
  protected readonly now: () => number;
  protected readonly pending: PendingResults;
  private timer: NodeJS.Timeout | undefined;
  private lastPrune = 0;

  private constructor(path: string, db: Db, options: StoreOptions) {
    super();
    this.path = path;
    this.db = db;
    this.now = options.now ?? Date.now;
    this.opts = { maxSampleDiffs: 20, maxValueChars: 2000, maxEvents: 200, ...options };
    this.pending = new PendingResults(this.opts);
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

  get location(): string {
    return this.path;
  }

  /**
   * Adds minutes of the traffic inventory (merged with what is stored for the same minute and template: several
   * processes write the same minute) and drops minutes before `pruneBefore` (epoch ms), in one transaction.
   */
  writeTraffic(aggregates: readonly TrafficAggregate[], pruneBefore: number): void {
    if (this.closed) return;
    const db = this.db;
    const sql = trafficUpsertSql('sqlite');
    const row = db.prepare(sql.row);
    const hist = db.prepare(sql.hist);
    db.transaction(() => {
      for (const a of aggregates) {
        row.run(...trafficRow(a));
        for (const h of trafficHistRows(a)) hist.run(...h);
      }
      for (const q of TRAFFIC_PRUNE_SQL) db.prepare(q).run(pruneBefore);
    })();
  }

  /** The traffic inventory's stored minutes from `since` (epoch ms) on, oldest first. */
  readTraffic(since: number): TrafficAggregate[] {
    if (this.closed) return [];
    const rows = this.db.prepare(TRAFFIC_READ_SQL.rows).all(since) as Record<string, unknown>[];
    const hist = this.db.prepare(TRAFFIC_READ_SQL.hist).all(since) as Record<string, unknown>[];
    return aggregatesOf(rows, hist);
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
    if (this.pending.empty) {
      this.maybePrune();
      return;
    }
    const batch = this.pending.take();
    const db = this.db;
    const upCounts = db.prepare(
      `INSERT INTO counts (route, hour, compared, matched, mismatched, noisy, noise_samples) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (route, hour) DO UPDATE SET compared = compared + excluded.compared, matched = matched + excluded.matched,
       mismatched = mismatched + excluded.mismatched, noisy = noisy + excluded.noisy, noise_samples = noise_samples + excluded.noise_samples`,
    );
    const upOutcome = db.prepare(`INSERT INTO outcomes (route, hour, kind, reason, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n`);
    const upLatency = db.prepare(`INSERT INTO latency (route, hour, side, bucket, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n`);
    const upField = db.prepare(
      `INSERT INTO fields (route, hour, field, diffs, raw, noise) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET diffs = diffs + excluded.diffs, raw = raw + excluded.raw, noise = noise + excluded.noise`,
    );
    const insSample = db.prepare('INSERT INTO samples (route, at, body) VALUES (?, ?, ?)');
    const cutSamples = db.prepare(`DELETE FROM samples WHERE route = ? AND id <= (SELECT id FROM samples WHERE route = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`);
    db.transaction(() => {
      for (const { route, hour, c } of batch.counts) upCounts.run(route, hour, c.compared, c.matched, c.mismatched, c.noisy, c.noise_samples);
      for (const o of batch.outcomes) upOutcome.run(o.route, o.hour, o.kind, o.reason, o.n);
      for (const l of batch.latency) upLatency.run(l.route, l.hour, l.side, l.bucket, l.n);
      for (const f of batch.fields) upField.run(f.route, f.hour, f.field, f.diffs, f.raw, f.noise);
      const routes = new Set<string>();
      for (const x of batch.samples) {
        insSample.run(x.route, x.at, x.body);
        routes.add(x.route);
      }
      for (const route of routes) cutSamples.run(route, route, this.opts.maxSamples);
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
    this.pending.forget(route);
    deleteRoute(this.db, route);
    this.recordEvent({ route, kind: 'reset', ...event });
  }

  /** The noise-sampled request count and per-field counts a noise model is computed from. */
  noiseStats(route: string): { samples: number; fields: { field: string; raw: number; noise: number }[] } {
    this.flush();
    return readNoiseStats(this.db, route);
  }

  readStats(route?: string, options: ReadOptions = {}): RouteStats[] {
    return this.stats(route, options);
  }

  readRoutes(): string[] {
    return this.routes();
  }

  readNoiseStats(route: string): NoiseStats {
    return this.noiseStats(route);
  }

  resetRoute(route: string, event: { message: string; detail?: unknown }): void {
    this.reset(route, event);
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
