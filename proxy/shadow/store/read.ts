import type { Db } from './db.js';
import { mergeHistograms } from '../../metrics/histogram.js';
import { emptyStats, type FieldCounts, type RouteStats, type StoredEvent, type StoredSample } from './types.js';

/**
 * The read queries are written once, in SQL both SQLite and PostgreSQL run (`?` placeholders, numbered for
 * PostgreSQL by `pgPlaceholders`), and their rows are assembled by the same functions: the two stores cannot drift
 * in what a report means.
 */
export interface Query {
  sql: string;
  args: unknown[];
}

type Row = Record<string, unknown>;

export const ROUTES_SQL = `SELECT route FROM counts UNION SELECT route FROM outcomes UNION SELECT route FROM samples UNION SELECT route FROM events ORDER BY route`;

export const routesFrom = (rows: Row[]): string[] => rows.map((r) => String(r.route));

/** Numbers from either driver (PostgreSQL answers SUM and BIGINT as strings); null for SQL NULL. */
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** A window: counts from this hour bucket on, samples and events from this time (epoch ms) on. */
export interface StatsWindow {
  hour: number;
  at: number;
}

/** The queries `assembleStats` takes the rows of, in this order. */
export function statsQueries(route: string, maxSamples: number, window?: StatsWindow): Query[] {
  // Bound parameters only: the window adds `AND hour >= ?` / `AND at >= ?` with a number.
  const hour = window === undefined ? '' : ' AND hour >= ?';
  const at = window === undefined ? '' : ' AND at >= ?';
  const hourArgs: unknown[] = window === undefined ? [route] : [route, window.hour];
  const argsAt = (...rest: unknown[]): unknown[] => (window === undefined ? [route, ...rest] : [route, window.at, ...rest]);
  return [
    {
      sql: `SELECT SUM(compared) AS compared, SUM(matched) AS matched, SUM(mismatched) AS mismatched, SUM(noisy) AS noisy,
       SUM(noise_samples) AS noise_samples FROM counts WHERE route = ?${hour}`,
      args: hourArgs,
    },
    { sql: `SELECT kind, reason, SUM(n) AS n FROM outcomes WHERE route = ?${hour} GROUP BY kind, reason`, args: hourArgs },
    { sql: `SELECT side, bucket, SUM(n) AS n FROM latency WHERE route = ?${hour} GROUP BY side, bucket`, args: hourArgs },
    {
      sql: `SELECT field, SUM(diffs) AS diffs, SUM(raw) AS raw, SUM(noise) AS noise FROM fields WHERE route = ?${hour} GROUP BY field ORDER BY SUM(diffs) DESC, field`,
      args: hourArgs,
    },
    { sql: `SELECT id, at, body FROM samples WHERE route = ?${at} ORDER BY id DESC LIMIT ?`, args: argsAt(maxSamples) },
    { sql: `SELECT id, at, kind, message, detail FROM events WHERE route = ?${at} ORDER BY id DESC LIMIT 50`, args: argsAt() },
  ];
}

/** A route's stats from the rows of `statsQueries`. */
export function assembleStats(route: string, [counts, outcomes, latency, fields, samples, events]: Row[][]): RouteStats {
  const s = emptyStats(route);
  const c = counts?.[0] ?? {};
  s.compared = num(c.compared);
  s.matched = num(c.matched);
  s.mismatched = num(c.mismatched);
  s.noisy = num(c.noisy);
  s.noiseSamples = num(c.noise_samples);
  for (const o of outcomes ?? []) {
    if (o.kind === 'skip') s.skipped[String(o.reason)] = num(o.n);
    else if (o.kind === 'error') s.errors[String(o.reason)] = num(o.n);
  }
  for (const l of latency ?? []) {
    const side = l.side as 'monolith' | 'lambda';
    if (side in s.latency) s.latency[side].set(num(l.bucket), num(l.n));
  }
  s.fields = (fields ?? []).map((f): FieldCounts => ({ field: String(f.field), diffs: num(f.diffs), raw: num(f.raw), noise: num(f.noise) }));
  s.samples = (samples ?? []).map((r) => ({
    id: num(r.id),
    route,
    at: num(r.at),
    ...(JSON.parse(String(r.body)) as Omit<StoredSample, 'id' | 'route' | 'at'>),
  }));
  s.events = (events ?? []).map(
    (e): StoredEvent => ({
      id: num(e.id),
      route,
      at: num(e.at),
      kind: String(e.kind),
      message: String(e.message),
      ...(e.detail ? { detail: JSON.parse(String(e.detail)) } : {}),
    }),
  );
  return s;
}

export function noiseQueries(route: string): Query[] {
  return [
    { sql: `SELECT SUM(noise_samples) AS n FROM counts WHERE route = ?`, args: [route] },
    {
      sql: `SELECT field, SUM(raw) AS raw, SUM(noise) AS noise FROM fields WHERE route = ? GROUP BY field HAVING SUM(raw) > 0 OR SUM(noise) > 0`,
      args: [route],
    },
  ];
}

export function assembleNoise([counts, fields]: Row[][]): { samples: number; fields: { field: string; raw: number; noise: number }[] } {
  return { samples: num(counts?.[0]?.n), fields: (fields ?? []).map((f) => ({ field: String(f.field), raw: num(f.raw), noise: num(f.noise) })) };
}

/** `?` placeholders numbered `$1, $2, …` for PostgreSQL (the queries above hold no `?` inside literals). */
export function pgPlaceholders(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

const runAll = (db: Db, queries: Query[]): Row[][] => queries.map((q) => db.prepare(q.sql).all(...q.args) as Row[]);

export function routeIds(db: Db): string[] {
  return routesFrom(db.prepare(ROUTES_SQL).all() as Row[]);
}

/** Everything stored about one route, summed over the hours kept (or those in `window`). */
export function readStats(db: Db, route: string, maxSamples: number, window?: StatsWindow): RouteStats {
  const queries = statsQueries(route, maxSamples, window);
  // No samples wanted: skip that query (an empty row set).
  return assembleStats(
    route,
    queries.map((q, i) => (i === 4 && maxSamples <= 0 ? [] : (db.prepare(q.sql).all(...q.args) as Row[]))),
  );
}

/**
 * Sums two routes' stats (several replicas' stores): counts and histograms add up exactly; samples and events are
 * interleaved by time, most recent first, up to `maxSamples`.
 */
export function mergeStats(a: RouteStats, b: RouteStats, maxSamples = 50): RouteStats {
  const add = (x: Record<string, number>, y: Record<string, number>): Record<string, number> => {
    const out = { ...x };
    for (const [k, n] of Object.entries(y)) out[k] = (out[k] ?? 0) + n;
    return out;
  };
  const fields = new Map<string, FieldCounts>();
  for (const f of [...a.fields, ...b.fields]) {
    const have = fields.get(f.field);
    fields.set(f.field, have ? { field: f.field, diffs: have.diffs + f.diffs, raw: have.raw + f.raw, noise: have.noise + f.noise } : { ...f });
  }
  return {
    route: a.route,
    compared: a.compared + b.compared,
    matched: a.matched + b.matched,
    mismatched: a.mismatched + b.mismatched,
    noisy: a.noisy + b.noisy,
    noiseSamples: a.noiseSamples + b.noiseSamples,
    errors: add(a.errors, b.errors),
    skipped: add(a.skipped, b.skipped),
    latency: {
      monolith: mergeHistograms(new Map(a.latency.monolith), b.latency.monolith),
      lambda: mergeHistograms(new Map(a.latency.lambda), b.latency.lambda),
    },
    fields: [...fields.values()].sort((x, y) => y.diffs - x.diffs || x.field.localeCompare(y.field)),
    samples: [...a.samples, ...b.samples].sort((x, y) => y.at - x.at).slice(0, maxSamples),
    events: [...a.events, ...b.events].sort((x, y) => y.at - x.at),
  };
}

export function readNoiseStats(db: Db, route: string): { samples: number; fields: { field: string; raw: number; noise: number }[] } {
  return assembleNoise(runAll(db, noiseQueries(route)));
}
