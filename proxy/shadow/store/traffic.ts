import { emptyAggregate, type TrafficAggregate } from '../../../planner/inventory/index.js';

/**
 * The traffic inventory's minute aggregates (proxy/inventory) in the results store, in SQLite and PostgreSQL alike.
 * One `traffic` row per minute and template holds the counts; the histograms are rows of `traffic_hist` (one per
 * non-empty bucket, like `latency`), so several processes writing the same minute merge by adding in SQL
 * (`ON CONFLICT ... DO UPDATE`), with no read-modify-write and no lock.
 */
export const TRAFFIC_DDL = `
CREATE TABLE IF NOT EXISTS traffic (
  minute BIGINT NOT NULL, template TEXT NOT NULL, method TEXT NOT NULL, route TEXT,
  requests BIGINT NOT NULL DEFAULT 0,
  s1 BIGINT NOT NULL DEFAULT 0, s2 BIGINT NOT NULL DEFAULT 0, s3 BIGINT NOT NULL DEFAULT 0, s4 BIGINT NOT NULL DEFAULT 0, s5 BIGINT NOT NULL DEFAULT 0,
  monolith_ms_sum DOUBLE PRECISION NOT NULL DEFAULT 0, lambda_ms_sum DOUBLE PRECISION NOT NULL DEFAULT 0,
  max_request_bytes BIGINT NOT NULL DEFAULT 0, max_response_bytes BIGINT NOT NULL DEFAULT 0,
  streaming BIGINT NOT NULL DEFAULT 0, upgrades BIGINT NOT NULL DEFAULT 0, sse BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (minute, template)
);
CREATE TABLE IF NOT EXISTS traffic_hist (
  minute BIGINT NOT NULL, template TEXT NOT NULL, kind TEXT NOT NULL, bucket INTEGER NOT NULL, n BIGINT NOT NULL,
  PRIMARY KEY (minute, template, kind, bucket)
);
`;

/** The histograms of an aggregate, by their `traffic_hist.kind`. */
const HISTOGRAMS = {
  monolith: 'monolithMs',
  lambda: 'lambdaMs',
  req: 'requestBytes',
  res: 'responseBytes',
} as const satisfies Record<string, keyof TrafficAggregate>;
type HistKind = keyof typeof HISTOGRAMS;

/**
 * The upserts, with `?` placeholders (PostgreSQL's through read.ts `pgPlaceholders`). `max` is SQLite's
 * two-argument maximum, `GREATEST` PostgreSQL's.
 */
export function trafficUpsertSql(dialect: 'sqlite' | 'postgres'): { row: string; hist: string } {
  const max = dialect === 'sqlite' ? 'max' : 'GREATEST';
  const p = (_: number): string => '?';
  const add = (c: string): string => `${c} = traffic.${c} + excluded.${c}`;
  const cols = [
    'minute',
    'template',
    'method',
    'route',
    'requests',
    's1',
    's2',
    's3',
    's4',
    's5',
    'monolith_ms_sum',
    'lambda_ms_sum',
    'max_request_bytes',
    'max_response_bytes',
    'streaming',
    'upgrades',
    'sse',
  ];
  return {
    row: `INSERT INTO traffic (${cols.join(', ')}) VALUES (${cols.map((_, i) => p(i + 1)).join(', ')})
      ON CONFLICT (minute, template) DO UPDATE SET route = COALESCE(traffic.route, excluded.route),
      ${['requests', 's1', 's2', 's3', 's4', 's5', 'monolith_ms_sum', 'lambda_ms_sum', 'streaming', 'upgrades', 'sse'].map(add).join(', ')},
      max_request_bytes = ${max}(traffic.max_request_bytes, excluded.max_request_bytes),
      max_response_bytes = ${max}(traffic.max_response_bytes, excluded.max_response_bytes)`,
    hist: `INSERT INTO traffic_hist (minute, template, kind, bucket, n) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})
      ON CONFLICT (minute, template, kind, bucket) DO UPDATE SET n = traffic_hist.n + excluded.n`,
  };
}

/** The parameters of one aggregate's `traffic` row (the order of `trafficUpsertSql().row`). */
export function trafficRow(a: TrafficAggregate): unknown[] {
  const [s1, s2, s3, s4, s5] = a.status;
  return [
    a.minute,
    a.template,
    a.method,
    a.routeId,
    a.requests,
    s1,
    s2,
    s3,
    s4,
    s5,
    a.monolithMsSum,
    a.lambdaMsSum,
    a.maxRequestBytes,
    a.maxResponseBytes,
    a.streaming,
    a.upgrades,
    a.sse,
  ];
}

/** The parameters of one aggregate's non-empty histogram buckets (`trafficUpsertSql().hist`). */
export function trafficHistRows(a: TrafficAggregate): unknown[][] {
  const out: unknown[][] = [];
  for (const kind of Object.keys(HISTOGRAMS) as HistKind[]) {
    const counts = a[HISTOGRAMS[kind]];
    for (let bucket = 0; bucket < counts.length; bucket++) if (counts[bucket]! > 0) out.push([a.minute, a.template, kind, bucket, counts[bucket]]);
  }
  return out;
}

/** Reads from a minute (epoch ms) on; one parameter, `?` placeholders. */
export const TRAFFIC_READ_SQL = {
  rows: 'SELECT * FROM traffic WHERE minute >= ? ORDER BY minute, template',
  hist: 'SELECT minute, template, kind, bucket, n FROM traffic_hist WHERE minute >= ?',
} as const;

/** Retention: drops minutes before one (epoch ms); one parameter each. */
export const TRAFFIC_PRUNE_SQL = ['DELETE FROM traffic WHERE minute < ?', 'DELETE FROM traffic_hist WHERE minute < ?'] as const;

/** Stored rows back to aggregates (PostgreSQL hands BIGINTs over as strings: every number goes through Number). */
export function aggregatesOf(rows: readonly Record<string, unknown>[], hist: readonly Record<string, unknown>[]): TrafficAggregate[] {
  const byKey = new Map<string, TrafficAggregate>();
  for (const r of rows) {
    const a = emptyAggregate(Number(r.minute), String(r.method), String(r.template), r.route === null || r.route === undefined ? null : String(r.route));
    a.requests = Number(r.requests);
    a.status = [Number(r.s1), Number(r.s2), Number(r.s3), Number(r.s4), Number(r.s5)];
    a.monolithMsSum = Number(r.monolith_ms_sum);
    a.lambdaMsSum = Number(r.lambda_ms_sum);
    a.maxRequestBytes = Number(r.max_request_bytes);
    a.maxResponseBytes = Number(r.max_response_bytes);
    a.streaming = Number(r.streaming);
    a.upgrades = Number(r.upgrades);
    a.sse = Number(r.sse);
    byKey.set(`${a.minute} ${a.template}`, a);
  }
  for (const h of hist) {
    const a = byKey.get(`${Number(h.minute)} ${String(h.template)}`);
    const field = HISTOGRAMS[String(h.kind) as HistKind];
    if (a === undefined || field === undefined) continue;
    const counts = a[field];
    const bucket = Number(h.bucket);
    // A bucket past the end: a store written with more bounds than this strangler knows lands in the last one.
    counts[Math.min(bucket, counts.length - 1)]! += Number(h.n);
  }
  return [...byKey.values()];
}
