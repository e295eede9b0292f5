import type { Db } from './db.js';
import { mergeHistograms } from './histogram.js';
import { emptyStats, type FieldCounts, type RouteStats, type StoredEvent, type StoredSample } from './types.js';

export function routeIds(db: Db): string[] {
  const rows = db
    .prepare(
      `SELECT route FROM counts UNION SELECT route FROM outcomes UNION SELECT route FROM samples UNION SELECT route FROM events ORDER BY route`,
    )
    .all() as { route: string }[];
  return rows.map((r) => r.route);
}

/** A window: counts from this hour bucket on, samples and events from this time (epoch ms) on. */
export interface StatsWindow {
  hour: number;
  at: number;
}

/** Everything stored about one route, summed over the hours kept (or those in `window`). */
export function readStats(db: Db, route: string, maxSamples: number, window?: StatsWindow): RouteStats {
  const s = emptyStats(route);
  // Bound parameters only: the window adds `AND hour >= ?` / `AND at >= ?` with a number.
  const hour = window === undefined ? '' : ' AND hour >= ?';
  const at = window === undefined ? '' : ' AND at >= ?';
  const hourArgs: unknown[] = window === undefined ? [route] : [route, window.hour];
  const argsAt = (...rest: unknown[]): unknown[] => (window === undefined ? [route, ...rest] : [route, window.at, ...rest]);
  const c = db
    .prepare(
      `SELECT SUM(compared) compared, SUM(matched) matched, SUM(mismatched) mismatched, SUM(noisy) noisy,
       SUM(noise_samples) noise_samples FROM counts WHERE route = ?${hour}`,
    )
    .get(...hourArgs) as Record<string, number | null>;
  s.compared = c.compared ?? 0;
  s.matched = c.matched ?? 0;
  s.mismatched = c.mismatched ?? 0;
  s.noisy = c.noisy ?? 0;
  s.noiseSamples = c.noise_samples ?? 0;
  const outcomes = db.prepare(`SELECT kind, reason, SUM(n) n FROM outcomes WHERE route = ?${hour} GROUP BY kind, reason`).all(...hourArgs) as {
    kind: string;
    reason: string;
    n: number;
  }[];
  for (const o of outcomes) {
    if (o.kind === 'skip') s.skipped[o.reason] = o.n;
    else if (o.kind === 'error') s.errors[o.reason] = o.n;
  }
  const lat = db.prepare(`SELECT side, bucket, SUM(n) n FROM latency WHERE route = ?${hour} GROUP BY side, bucket`).all(...hourArgs) as {
    side: 'monolith' | 'lambda';
    bucket: number;
    n: number;
  }[];
  for (const l of lat) if (l.side in s.latency) s.latency[l.side].set(l.bucket, l.n);
  s.fields = db
    .prepare(`SELECT field, SUM(diffs) diffs, SUM(raw) raw, SUM(noise) noise FROM fields WHERE route = ?${hour} GROUP BY field ORDER BY SUM(diffs) DESC, field`)
    .all(...hourArgs) as FieldCounts[];
  if (maxSamples > 0) {
    const rows = db.prepare(`SELECT id, at, body FROM samples WHERE route = ?${at} ORDER BY id DESC LIMIT ?`).all(...argsAt(maxSamples)) as {
      id: number;
      at: number;
      body: string;
    }[];
    s.samples = rows.map((r) => ({ id: r.id, route, at: r.at, ...(JSON.parse(r.body) as Omit<StoredSample, 'id' | 'route' | 'at'>) }));
  }
  const events = db.prepare(`SELECT id, at, kind, message, detail FROM events WHERE route = ?${at} ORDER BY id DESC LIMIT 50`).all(...argsAt()) as {
    id: number;
    at: number;
    kind: string;
    message: string;
    detail: string | null;
  }[];
  s.events = events.map(
    (e): StoredEvent => ({ id: e.id, route, at: e.at, kind: e.kind, message: e.message, ...(e.detail ? { detail: JSON.parse(e.detail) } : {}) }),
  );
  return s;
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
  const c = db.prepare(`SELECT SUM(noise_samples) n FROM counts WHERE route = ?`).get(route) as { n: number | null };
  const fields = db
    .prepare(`SELECT field, SUM(raw) raw, SUM(noise) noise FROM fields WHERE route = ? GROUP BY field HAVING SUM(raw) > 0 OR SUM(noise) > 0`)
    .all(route) as { field: string; raw: number; noise: number }[];
  return { samples: c.n ?? 0, fields };
}
