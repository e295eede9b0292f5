import type { ShadowReport } from '../shadow/report/build.js';
import type { RouteWindowStats, WindowStats } from '../stats/window.js';

/** `GET /routes` as read by the overview: the admin rows, plus what later modules add to them when present. */
export interface RoutesDocument {
  generation: number;
  plan: string;
  monolith: string;
  routes: RouteRowView[];
}

/**
 * The fields of a `/routes` row the overview reads (declared here rather than taken from RouteRow, so what other
 * modules add to the rows can evolve without breaking this reader; unknown shapes show as "–").
 */
export interface RouteRowView {
  id: string;
  methods: string[];
  path: string;
  stage: string;
  source: string;
  pin?: { stage: string; reason: string; at: string };
  /** Issue 4's circuit breaker: a state name, or an object with `state`. */
  breaker?: unknown;
  /** The tracing module's Lambda health (cold starts from the invoke REPORT lines). */
  lambda?: { coldStartRate?: number | null } | null;
}

/** One line of the migration overview (the dashboard's table, `strangler status`). */
export interface OverviewRow {
  route: string;
  methods: string[];
  path: string;
  stage: string;
  source: string;
  pin: { stage: string; reason: string; at: string } | null;
  /** Requests in the stats window (null: the proxy has no stats endpoint). */
  requests: number | null;
  split: { monolith: number; lambda: number } | null;
  /** Shadow comparisons (all kept days) and their match rate; null without a shadow report. */
  compared: number | null;
  matchRate: number | null;
  latency: { monolith: { p50: number | null; p99: number | null }; lambda: { p50: number | null; p99: number | null } };
  fallbackRate: number | null;
  /** Share of Lambda-planned requests Lambda throttled (429): capacity, shown apart from failures and the breaker. */
  throttleRate: number | null;
  errorRate: number | null;
  breaker: string | null;
  coldStartRate: number | null;
}

export interface Overview {
  generation: number;
  plan: string;
  monolith: string;
  windowSeconds: number | null;
  routes: OverviewRow[];
}

const NONE = { p50: null, p99: null };

/**
 * Joins the three admin documents into one row per route, in `/routes` order. Pure: the CLI calls it on what it
 * fetched; the page (proxy/dashboard/client/dashboard.ts) does the same join in the browser.
 */
export function buildOverview(routes: RoutesDocument, stats: WindowStats | null, shadow: ShadowReport | null): Overview {
  const byStats = new Map<string, RouteWindowStats>((stats?.routes ?? []).map((r) => [r.route, r]));
  const byShadow = new Map((shadow?.routes ?? []).map((r) => [r.route, r]));
  return {
    generation: routes.generation,
    plan: routes.plan,
    monolith: routes.monolith,
    windowSeconds: stats?.windowSeconds ?? null,
    routes: routes.routes.map((row): OverviewRow => {
      const s = byStats.get(row.id);
      const sh = byShadow.get(row.id);
      return {
        route: row.id,
        methods: row.methods,
        path: row.path,
        stage: row.stage,
        source: row.source,
        pin: row.pin ?? null,
        requests: stats === null ? null : (s?.requests ?? 0),
        split: s?.split ?? null,
        compared: shadow === null ? null : (sh?.compared ?? 0),
        matchRate: sh?.matchRate ?? null,
        latency: { monolith: s ? { p50: s.monolith.p50, p99: s.monolith.p99 } : NONE, lambda: s ? { p50: s.lambda.p50, p99: s.lambda.p99 } : NONE },
        fallbackRate: s?.fallbackRate ?? null,
        throttleRate: s?.throttleRate ?? null,
        errorRate: s?.errorRate ?? null,
        breaker: breakerState(row.breaker),
        coldStartRate: typeof row.lambda?.coldStartRate === 'number' ? row.lambda.coldStartRate : null,
      };
    }),
  };
}

function breakerState(b: unknown): string | null {
  if (typeof b === 'string') return b;
  if (typeof b === 'object' && b !== null && typeof (b as { state?: unknown }).state === 'string') return (b as { state: string }).state;
  return null;
}

/** The placeholder for "no data" (the dashboard shows the same). */
export const DASH = '–';

/** `0.4567` → `45.7%`; null → `–`. */
export function formatPercent(r: number | null | undefined): string {
  return r === null || r === undefined ? DASH : `${(r * 100).toFixed(1)}%`;
}

/** Milliseconds: one decimal under 10 ms, whole above; null → `–`. */
export function formatMs(v: number | null | undefined): string {
  return v === null || v === undefined ? DASH : v < 10 ? v.toFixed(1) : String(Math.round(v));
}

/** `p50/p99` of one side, e.g. `3.2/41`; `–` without requests. */
export function formatLatency(l: { p50: number | null; p99: number | null }): string {
  return l.p50 === null ? DASH : `${formatMs(l.p50)}/${formatMs(l.p99)}`;
}

/** Monolith/Lambda share, e.g. `75/25`; `–` without requests. */
export function formatSplit(split: OverviewRow['split']): string {
  return split === null ? DASH : `${Math.round(split.monolith * 100)}/${Math.round(split.lambda * 100)}`;
}

/** Match rate with its sample count, e.g. `98.0% (150)`; `–` without comparisons. */
export function formatMatch(row: Pick<OverviewRow, 'matchRate' | 'compared'>): string {
  if (row.compared === null || row.compared === 0) return DASH;
  return `${formatPercent(row.matchRate)} (${row.compared})`;
}

const HEADERS = [
  'ROUTE',
  'STAGE',
  'SOURCE',
  'REQS',
  'SPLIT M/L %',
  'MATCH (N)',
  'MONO p50/p99',
  'LAMBDA p50/p99',
  'FALLBACK',
  'THROTTLED',
  'ERRORS',
  'BREAKER',
  'COLD',
];

/** The overview as a terminal table, with pins and the window explained under it. */
export function formatOverview(o: Overview): string {
  const rows = o.routes.map((r) => [
    r.route,
    r.stage,
    r.source,
    r.requests === null ? DASH : String(r.requests),
    formatSplit(r.split),
    formatMatch(r),
    formatLatency(r.latency.monolith),
    formatLatency(r.latency.lambda),
    formatPercent(r.fallbackRate),
    formatPercent(r.throttleRate),
    formatPercent(r.errorRate),
    r.breaker ?? DASH,
    formatPercent(r.coldStartRate),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  let out = `plan ${o.plan} (generation ${o.generation}) · monolith ${o.monolith}\n\n`;
  out += `${line(HEADERS)}\n`;
  for (const row of rows) out += `${line(row)}\n`;
  if (o.routes.length === 0) out += '(no routes in the plan)\n';
  out += '\n';
  const window =
    o.windowSeconds === null
      ? 'no request stats (the proxy has no /stats)'
      : `requests, split, latency (ms), fallback, throttle and error rates: last ${Math.round(o.windowSeconds / 60)} min`;
  out += `${window}; MATCH: shadow comparisons kept in the store\n`;
  for (const r of o.routes) if (r.pin) out += `pinned: ${r.route} → ${r.pin.stage} since ${r.pin.at} (${r.pin.reason})\n`;
  return out;
}
