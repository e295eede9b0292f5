import pg from 'pg';
import { ShadowError, SHADOW_ERROR_CODES } from '../errors.js';
import { DAY_MS, hourOf } from './hours.js';
import { migrate, PG_SCHEMA } from './pg-migrate.js';
import { BufferedStore, PendingResults, type PendingBatch } from './pending.js';
import { assembleNoise, assembleStats, noiseQueries, pgPlaceholders, ROUTES_SQL, routesFrom, statsQueries, type Query } from './read.js';
import { aggregatesOf, TRAFFIC_PRUNE_SQL, TRAFFIC_READ_SQL, trafficHistRows, trafficRow, trafficUpsertSql } from './traffic.js';
import type { TrafficAggregate } from '../../../planner/inventory/index.js';
import type { NoiseStats, ReadOptions, ResultsStore, RouteStats } from './types.js';

/** A fleet-wide pin as stored (the flags resolver validates the stage when it applies one). */
export interface StoredPin {
  route: string;
  stage: string;
  reason: string;
  at: string;
}

export interface PgStoreOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  maxSamples: number;
  retentionDays: number;
  /** How often buffered results are written (0: only on `flush`/`close`). */
  flushIntervalMs: number;
  maxSampleDiffs?: number;
  maxValueChars?: number;
  maxEvents?: number;
  /** Connections at most (each proxy). Default 4. */
  poolSize?: number;
  /** Give up connecting, and a query, after this long: a down database costs a flush, never a request. Default 2000 / 5000 ms. */
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
  /** Called when a batch could not be written: `comparisons` are lost to the report (the client lost nothing). */
  onDropped?: (comparisons: number, err: Error) => void;
  /** Called when writes succeed again after failures. */
  onRecovered?: () => void;
  now?: () => number;
}

const PRUNE_EVERY_MS = 3_600_000;
/** Events waiting for the database at most (rollbacks, pins, promotions are rare: past this the oldest go). */
const MAX_QUEUED_EVENTS = 1_000;

/** The URL with its password masked, for logs and reports. */
export function redactPgUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return 'postgres://(unparsable url)';
  }
}

/**
 * Shadow results in PostgreSQL, shared by every replica of a fleet, so the report, the promotion gates and the
 * dashboard see the whole fleet's traffic. Recording is the SQLite store's (./pending.ts: aggregated in memory,
 * bounded); every `flushIntervalMs` one transaction adds the batch to the stored rows (upserts that add, so
 * replicas writing the same route and hour sum). A slow or down database never reaches the request path: at most
 * one flush is in flight, a failed batch is dropped and reported through `onDropped` (a metric and a log line),
 * and the pool reconnects on the next flush. The schema is created and migrated on first use (./pg-migrate.ts).
 * @example
 *   const store = new PgShadowStore({ url: process.env.STRANGLER_DATABASE_URL!, maxSamples: 50, retentionDays: 14, flushIntervalMs: 1000 });
 */
export class PgShadowStore extends BufferedStore implements ResultsStore {
  readonly shared = true;
  readonly location: string;
  private readonly pool: pg.Pool;
  protected readonly pending: PendingResults;
  private readonly opts: Required<Omit<PgStoreOptions, 'onDropped' | 'onRecovered' | 'now'>> & Pick<PgStoreOptions, 'onDropped' | 'onRecovered'>;
  protected readonly now: () => number;
  private events: { route: string; at: number; kind: string; message: string; detail: string | null }[] = [];
  private migrated: Promise<void> | undefined;
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastPrune = 0;
  private failing = false;
  /** Comparisons dropped since start (also reported through `onDropped`). */
  dropped = 0;

  constructor(options: PgStoreOptions) {
    super();
    this.opts = { maxSampleDiffs: 20, maxValueChars: 2000, maxEvents: 200, poolSize: 4, connectTimeoutMs: 2_000, queryTimeoutMs: 5_000, ...options };
    this.now = options.now ?? Date.now;
    this.location = redactPgUrl(options.url);
    this.pending = new PendingResults(this.opts);
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: this.opts.poolSize,
      connectionTimeoutMillis: this.opts.connectTimeoutMs,
      query_timeout: this.opts.queryTimeoutMs,
      idleTimeoutMillis: 30_000,
      // Unqualified table names (the shared queries of ./read.ts) are strangler's.
      options: `-c search_path=${PG_SCHEMA}`,
    });
    // An idle connection that dies (database restarted) emits 'error' on the pool: without a listener that would
    // end the process. The pool drops it and connects afresh on the next query.
    this.pool.on('error', () => undefined);
    if (options.flushIntervalMs > 0) {
      this.timer = setInterval(() => void this.flush(), options.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Creates or migrates the schema (once; retried on the next use after a failure). Rejects with the cause. */
  ensureSchema(): Promise<void> {
    this.migrated ??= (async () => {
      const client = await this.checkout();
      try {
        await migrate(client);
      } finally {
        client.release();
      }
    })().catch((err: unknown) => {
      this.migrated = undefined;
      throw err;
    });
    return this.migrated;
  }

  /**
   * Adds traffic inventory minutes (merged in SQL with what other replicas wrote for the same minute and template)
   * and drops minutes before `pruneBefore`, in one transaction. Rejects when the database cannot be written: the
   * inventory logs it and keeps the minutes in memory.
   */
  async writeTraffic(aggregates: readonly TrafficAggregate[], pruneBefore: number): Promise<void> {
    if (this.closed) return;
    await this.ensureSchema();
    const sql = trafficUpsertSql('postgres');
    const row = pgPlaceholders(sql.row);
    const hist = pgPlaceholders(sql.hist);
    // Sorted, so two replicas adding to the same rows lock them in the same order and cannot deadlock.
    const sorted = [...aggregates].sort((a, b) => a.minute - b.minute || (a.template < b.template ? -1 : a.template > b.template ? 1 : 0));
    await this.transaction(async (c) => {
      for (const a of sorted) {
        await c.query(row, trafficRow(a));
        for (const h of trafficHistRows(a)) await c.query(hist, h);
      }
      for (const q of TRAFFIC_PRUNE_SQL) await c.query(pgPlaceholders(q), [pruneBefore]);
    });
  }

  /** The traffic inventory's stored minutes from `since` (epoch ms) on. STRANGLER_SHADOW_STORE_UNAVAILABLE (503) when unreachable. */
  async readTraffic(since: number): Promise<TrafficAggregate[]> {
    const [rows, hist] = await this.read([
      { sql: TRAFFIC_READ_SQL.rows, args: [since] },
      { sql: TRAFFIC_READ_SQL.hist, args: [since] },
    ]);
    return aggregatesOf(rows ?? [], hist ?? []);
  }

  recordEvent(e: { route: string; kind: string; message: string; detail?: unknown; at?: number }): void {
    if (this.closed) return;
    this.events.push({
      route: e.route,
      at: e.at ?? this.now(),
      kind: e.kind,
      message: e.message,
      detail: e.detail === undefined ? null : JSON.stringify(e.detail),
    });
    if (this.events.length > MAX_QUEUED_EVENTS) this.events.shift();
    void this.flush();
  }

  /**
   * Writes what is buffered in one transaction; resolves when written or dropped (never rejects). One flush at a
   * time: results recorded meanwhile go with the next one.
   */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const prune = this.now() - this.lastPrune >= PRUNE_EVERY_MS;
    if (this.pending.empty && this.events.length === 0 && !prune) return Promise.resolve();
    const batch = this.pending.take();
    const events = this.events;
    this.events = [];
    this.flushing = this.write(batch, events, prune)
      .then(() => {
        if (this.failing) {
          this.failing = false;
          this.opts.onRecovered?.();
        }
      })
      .catch((err: unknown) => {
        this.failing = true;
        // Events are few and matter (audit): they wait for the next flush. Counts of this batch are dropped.
        this.events = [...events, ...this.events].slice(-MAX_QUEUED_EVENTS);
        this.dropped += batch.comparisons;
        this.opts.onDropped?.(batch.comparisons, err as Error);
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  /** Everything recorded so far written (or dropped): the flush in flight, then one for what came meanwhile. */
  private async drain(): Promise<void> {
    await this.flushing;
    await this.flush();
  }

  private async write(b: PendingBatch, events: PgShadowStore['events'], prune: boolean): Promise<void> {
    await this.ensureSchema();
    await this.transaction(async (c) => {
      // unnest: one statement per table whatever the batch size. Rows come sorted (PendingResults.take), so two
      // replicas adding to the same rows lock them in the same order and cannot deadlock.
      if (b.counts.length > 0) {
        await c.query(
          `INSERT INTO counts AS t (route, hour, compared, matched, mismatched, noisy, noise_samples)
           SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
           ON CONFLICT (route, hour) DO UPDATE SET compared = t.compared + excluded.compared, matched = t.matched + excluded.matched,
           mismatched = t.mismatched + excluded.mismatched, noisy = t.noisy + excluded.noisy, noise_samples = t.noise_samples + excluded.noise_samples`,
          [
            b.counts.map((x) => x.route),
            b.counts.map((x) => x.hour),
            ...(['compared', 'matched', 'mismatched', 'noisy', 'noise_samples'] as const).map((k) => b.counts.map((x) => x.c[k])),
          ],
        );
      }
      if (b.outcomes.length > 0) {
        await c.query(
          `INSERT INTO outcomes AS t (route, hour, kind, reason, n) SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bigint[])
           ON CONFLICT (route, hour, kind, reason) DO UPDATE SET n = t.n + excluded.n`,
          [
            b.outcomes.map((x) => x.route),
            b.outcomes.map((x) => x.hour),
            b.outcomes.map((x) => x.kind),
            b.outcomes.map((x) => x.reason),
            b.outcomes.map((x) => x.n),
          ],
        );
      }
      if (b.latency.length > 0) {
        await c.query(
          `INSERT INTO latency AS t (route, hour, side, bucket, n) SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::bigint[])
           ON CONFLICT (route, hour, side, bucket) DO UPDATE SET n = t.n + excluded.n`,
          [
            b.latency.map((x) => x.route),
            b.latency.map((x) => x.hour),
            b.latency.map((x) => x.side),
            b.latency.map((x) => x.bucket),
            b.latency.map((x) => x.n),
          ],
        );
      }
      if (b.fields.length > 0) {
        await c.query(
          `INSERT INTO fields AS t (route, hour, field, diffs, raw, noise) SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[])
           ON CONFLICT (route, hour, field) DO UPDATE SET diffs = t.diffs + excluded.diffs, raw = t.raw + excluded.raw, noise = t.noise + excluded.noise`,
          [
            b.fields.map((x) => x.route),
            b.fields.map((x) => x.hour),
            b.fields.map((x) => x.field),
            b.fields.map((x) => x.diffs),
            b.fields.map((x) => x.raw),
            b.fields.map((x) => x.noise),
          ],
        );
      }
      if (b.samples.length > 0) {
        await c.query(`INSERT INTO samples (route, at, body) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])`, [
          b.samples.map((x) => x.route),
          b.samples.map((x) => x.at),
          b.samples.map((x) => x.body),
        ]);
        // Keep the most recent maxSamples per route (the fleet's, not each replica's).
        await c.query(
          `DELETE FROM samples s USING (SELECT id, ROW_NUMBER() OVER (PARTITION BY route ORDER BY id DESC) AS r FROM samples WHERE route = ANY($1)) old
           WHERE s.id = old.id AND old.r > $2`,
          [[...new Set(b.samples.map((x) => x.route))], this.opts.maxSamples],
        );
      }
      if (events.length > 0) {
        await c.query(
          `INSERT INTO events (route, at, kind, message, detail) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[])`,
          [events.map((e) => e.route), events.map((e) => e.at), events.map((e) => e.kind), events.map((e) => e.message), events.map((e) => e.detail)],
        );
      }
    });
    // The batch is committed: a failed prune must not count it as dropped (nor write its events twice); it is
    // tried again on the next flush.
    if (prune) await this.prune().catch(() => undefined);
  }

  /** Drops hours, samples and events older than the retention, and events past `maxEvents` per route. */
  private async prune(): Promise<void> {
    const now = this.now();
    const firstHour = (Math.floor(now / DAY_MS) - this.opts.retentionDays + 1) * 24;
    const cutoff = now - this.opts.retentionDays * DAY_MS;
    await this.transaction(async (c) => {
      for (const table of ['counts', 'outcomes', 'latency', 'fields']) await c.query(`DELETE FROM ${table} WHERE hour < $1`, [firstHour]);
      await c.query('DELETE FROM samples WHERE at < $1', [cutoff]);
      await c.query('DELETE FROM events WHERE at < $1', [cutoff]);
      await c.query(
        `DELETE FROM events e USING (SELECT id, ROW_NUMBER() OVER (PARTITION BY route ORDER BY id DESC) AS r FROM events) old WHERE e.id = old.id AND old.r > $1`,
        [this.opts.maxEvents],
      );
    });
    this.lastPrune = now;
  }

  /**
   * A pooled client for several queries. While checked out, a connection that dies between two queries (the
   * database stopped) emits 'error' on the client, not the pool, and without a listener that ends the process; the
   * pending or next query rejects anyway, so the listener only keeps the process alive. It is removed on release.
   */
  private async checkout(): Promise<pg.PoolClient> {
    const c = await this.pool.connect();
    const ignore = (): void => undefined;
    c.on('error', ignore);
    const release = c.release.bind(c);
    c.release = (err?: Error | boolean) => {
      c.removeListener('error', ignore);
      return release(err);
    };
    return c;
  }

  private async transaction(work: (c: pg.PoolClient) => Promise<void>): Promise<void> {
    const c = await this.checkout();
    let failed: Error | undefined;
    try {
      await c.query('BEGIN');
      await work(c);
      await c.query('COMMIT');
    } catch (err) {
      failed = err as Error;
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      // A failed transaction's connection may be the dead one: the pool discards it rather than lend it again.
      c.release(failed);
    }
  }

  /** Runs read queries; a database that cannot answer is STRANGLER_SHADOW_STORE_UNAVAILABLE (503). */
  private async read(queries: Query[]): Promise<Record<string, unknown>[][]> {
    try {
      await this.ensureSchema();
      const out: Record<string, unknown>[][] = [];
      for (const q of queries) out.push((await this.pool.query(pgPlaceholders(q.sql), q.args)).rows);
      return out;
    } catch (err) {
      if (err instanceof ShadowError) throw err;
      throw new ShadowError(SHADOW_ERROR_CODES.storeUnavailable, `the PostgreSQL results store ${this.location} cannot be read: ${(err as Error).message}`, {
        statusCode: 503,
        cause: err,
      });
    }
  }

  async readRoutes(): Promise<string[]> {
    await this.drain();
    const [rows] = await this.read([{ sql: ROUTES_SQL, args: [] }]);
    return routesFrom(rows ?? []);
  }

  async readStats(route?: string, options: ReadOptions = {}): Promise<RouteStats[]> {
    await this.drain();
    const ids = route === undefined ? await this.readRoutes() : [route];
    const window = options.since === undefined ? undefined : { hour: hourOf(options.since), at: options.since };
    const samples = options.samples ?? this.opts.maxSamples;
    const out: RouteStats[] = [];
    for (const id of ids) {
      const queries = statsQueries(id, samples, window);
      // No samples wanted: LIMIT 0 answers none.
      out.push(assembleStats(id, await this.read(queries)));
    }
    return out;
  }

  async readNoiseStats(route: string): Promise<NoiseStats> {
    return assembleNoise(await this.read(noiseQueries(route)));
  }

  async resetRoute(route: string, event: { message: string; detail?: unknown }): Promise<void> {
    if (this.closed) return;
    await this.drain();
    this.pending.forget(route);
    try {
      await this.ensureSchema();
      await this.transaction(async (c) => {
        for (const table of ['counts', 'outcomes', 'latency', 'fields', 'samples']) await c.query(`DELETE FROM ${table} WHERE route = $1`, [route]);
      });
    } catch (err) {
      throw new ShadowError(SHADOW_ERROR_CODES.storeUnavailable, `the PostgreSQL results store ${this.location} cannot be written: ${(err as Error).message}`, {
        statusCode: 503,
        cause: err,
      });
    }
    this.recordEvent({ route, kind: 'reset', ...event });
    await this.flush();
  }

  /** The fleet's pins (route → pin). Rejects when the database cannot answer. */
  async loadPins(): Promise<StoredPin[]> {
    await this.ensureSchema();
    return (await this.pool.query<StoredPin>('SELECT route, stage, reason, at FROM pins ORDER BY route')).rows;
  }

  /** Pins a route for the fleet (replacing its pin), or with `pin` null unpins it. */
  async savePin(route: string, pin: Omit<StoredPin, 'route'> | null): Promise<void> {
    await this.ensureSchema();
    if (pin === null) await this.pool.query('DELETE FROM pins WHERE route = $1', [route]);
    else {
      await this.pool.query(
        'INSERT INTO pins (route, stage, reason, at) VALUES ($1, $2, $3, $4) ON CONFLICT (route) DO UPDATE SET stage = excluded.stage, reason = excluded.reason, at = excluded.at',
        [route, pin.stage, pin.reason, pin.at],
      );
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    await this.drain();
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }
}
