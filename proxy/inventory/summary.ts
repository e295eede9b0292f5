import { emptyAggregate, LATENCY_BOUNDS_MS, mergeAggregate, type TrafficAggregate } from '../../planner/inventory/index.js';
import type { TrafficParts } from './inventory.js';

/** One minute of the share served by functions. */
export interface MinuteShare {
  /** Epoch ms of the minute's start. */
  minute: number;
  requests: number;
  /** Requests the Lambda side answered. */
  lambda: number;
}

/** A plan route with its stage now and its traffic in the window. */
export interface RouteTraffic {
  id: string;
  stage: string;
  requests: number;
  lambda: number;
}

/** An unmatched template: traffic no plan route takes yet. */
export interface TemplateTraffic {
  template: string;
  method: string;
  requests: number;
  /** Of all requests in the window. */
  share: number;
  /** Counts by status class. */
  status: { '1xx': number; '2xx': number; '3xx': number; '4xx': number; '5xx': number };
  /** Latency percentiles from the histogram: the upper bound of the bucket they fall in (ms); null without data. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Responses streamed without a length, Server-Sent Events, WebSocket upgrades: what a function cannot answer as such. */
  streaming: number;
  sse: number;
  upgrades: number;
}

/** `GET /traffic`'s answer. */
export interface TrafficSummary {
  /** Epoch ms the window starts at (a minute's start). */
  since: number;
  /** The results store read, or null when the minutes are in memory only (the last hour). */
  store: string | null;
  requests: number;
  lambda: number;
  minutes: MinuteShare[];
  /** How many plan routes are at each stage. */
  stages: Record<string, number>;
  routes: RouteTraffic[];
  unmatched: { requests: number; share: number; templates: TemplateTraffic[] };
}

/**
 * The inventory's minutes as one set: the stored rows once (the same for every process sharing the store) plus
 * each process's own, merged per minute and template.
 */
export function combineParts(parts: readonly TrafficParts[]): TrafficAggregate[] {
  const seenStores = new Set<string>();
  const all: TrafficAggregate[] = [];
  for (const p of parts) {
    // Workers reading one store get the same rows: counted once. (`:memory:` is a store per process.)
    if (p.store !== null && (p.store === ':memory:' || !seenStores.has(p.store))) {
      seenStores.add(p.store);
      all.push(...p.stored);
    }
    all.push(...p.local);
  }
  const byKey = new Map<string, TrafficAggregate>();
  for (const a of all) {
    const key = `${a.minute} ${a.template}`;
    let into = byKey.get(key);
    if (into === undefined) {
      into = emptyAggregate(a.minute, a.method, a.template, a.routeId);
      byKey.set(key, into);
    }
    into.routeId ??= a.routeId;
    mergeAggregate(into, a);
  }
  return [...byKey.values()].sort((a, b) => a.minute - b.minute);
}

/**
 * What the admin endpoint and the dashboard's Migration map show, from the window's aggregates and the plan's
 * routes with their stages now: the share served by functions per minute, routes by stage, and the unmatched
 * inventory (templates by requests, most first, at most `maxTemplates`).
 */
export function summarise(
  aggregates: readonly TrafficAggregate[],
  routes: readonly { id: string; stage: string }[],
  meta: { since: number; store: string | null; maxTemplates?: number },
): TrafficSummary {
  const minutes = new Map<number, MinuteShare>();
  const byRoute = new Map<string, { requests: number; lambda: number }>();
  const templates = new Map<string, TrafficAggregate>();
  let requests = 0;
  let lambda = 0;
  for (const a of aggregates) {
    const served = lambdaCount(a);
    requests += a.requests;
    lambda += served;
    let m = minutes.get(a.minute);
    if (m === undefined) {
      m = { minute: a.minute, requests: 0, lambda: 0 };
      minutes.set(a.minute, m);
    }
    m.requests += a.requests;
    m.lambda += served;
    if (a.routeId !== null) {
      const r = byRoute.get(a.routeId) ?? { requests: 0, lambda: 0 };
      r.requests += a.requests;
      r.lambda += served;
      byRoute.set(a.routeId, r);
      continue;
    }
    let t = templates.get(a.template);
    if (t === undefined) {
      t = emptyAggregate(0, a.method, a.template, null);
      templates.set(a.template, t);
    }
    mergeAggregate(t, a);
  }
  const stages: Record<string, number> = {};
  for (const r of routes) stages[r.stage] = (stages[r.stage] ?? 0) + 1;
  let unmatched = 0;
  for (const t of templates.values()) unmatched += t.requests;
  const share = (n: number): number => (requests === 0 ? 0 : round4(n / requests));
  return {
    since: meta.since,
    store: meta.store,
    requests,
    lambda,
    minutes: [...minutes.values()].sort((a, b) => a.minute - b.minute),
    stages,
    routes: routes.map((r) => ({ id: r.id, stage: r.stage, requests: byRoute.get(r.id)?.requests ?? 0, lambda: byRoute.get(r.id)?.lambda ?? 0 })),
    unmatched: {
      requests: unmatched,
      share: share(unmatched),
      templates: [...templates.values()]
        .sort((a, b) => b.requests - a.requests || (a.template < b.template ? -1 : 1))
        .slice(0, meta.maxTemplates ?? 200)
        .map((t) => {
          const latency = t.monolithMs.map((n, i) => n + (t.lambdaMs[i] ?? 0));
          const [s1, s2, s3, s4, s5] = t.status;
          return {
            template: t.template,
            method: t.method,
            requests: t.requests,
            share: share(t.requests),
            status: { '1xx': s1!, '2xx': s2!, '3xx': s3!, '4xx': s4!, '5xx': s5! },
            p50Ms: upperBoundAt(LATENCY_BOUNDS_MS, latency, 0.5),
            p99Ms: upperBoundAt(LATENCY_BOUNDS_MS, latency, 0.99),
            streaming: t.streaming,
            sse: t.sse,
            upgrades: t.upgrades,
          };
        }),
    },
  };
}

/** Requests the Lambda side answered: those with a Lambda latency. */
function lambdaCount(a: TrafficAggregate): number {
  let n = 0;
  for (const c of a.lambdaMs) n += c;
  return n;
}

/**
 * The q-quantile of a histogram with fixed upper bounds, as the upper bound of its bucket (an upper estimate; the
 * overflow bucket answers the last bound: "at least"). Null for an empty histogram.
 */
export function upperBoundAt(bounds: readonly number[], counts: readonly number[], q: number): number | null {
  let total = 0;
  for (const c of counts) total += c;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return bounds[Math.min(i, bounds.length - 1)]!;
  }
  return bounds[bounds.length - 1]!;
}

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;
