import { isStage, STAGES, type Stage } from '../../stages/plan.js';
import type { GatedStage } from '../config.js';
import { checkGate, type GateResult } from '../gates.js';
import { classifyFields } from '../noise/classify.js';
import { proposeIgnoreRules, type NoiseProposal } from '../noise/proposal.js';
import type { ShadowRoute } from '../runner/routes.js';
import { summarise, type LatencySummary } from '../../metrics/histogram.js';
import { emptyStats, type RouteStats, type StoredEvent, type StoredSample } from '../store/types.js';

export interface ReportField {
  field: string;
  /** Comparisons where it differed. */
  count: number;
  /** With noise learning: `noise` or `difference` (Diffy's filter); absent without noise samples. */
  verdict?: 'difference' | 'noise';
}

/** One route's section of `GET /shadow/report` and `strangler report --json`. */
export interface RouteReport {
  route: string;
  /** False for a route found in the store but no longer in the plan. */
  inPlan: boolean;
  /** The stage serving now when known (the admin API knows it; the CLI reads the plan or the flags file). */
  stage: string | null;
  compared: number;
  matched: number;
  mismatched: number;
  /** Matched only because every difference was learned noise. */
  noisy: number;
  /** matched / compared; null without comparisons. */
  matchRate: number | null;
  shadowCalls: number;
  shadowErrors: number;
  shadowErrorRate: number | null;
  /** Shadow errors by `side:code`. */
  errors: Record<string, number>;
  /** Requests not shadowed, by reason (cap, unsafe, body-too-large, closing). */
  skipped: Record<string, number>;
  latency: { monolith: LatencySummary; lambda: LatencySummary; p99Ratio: number | null };
  /** Most frequent differing fields first. */
  fields: ReportField[];
  noise: { mode: 'off' | 'learn'; samples: number; proposal: NoiseProposal } | null;
  /** The most recent mismatch. */
  example: StoredSample | null;
  samples: StoredSample[];
  /** Automatic rollbacks (most recent first). */
  rollbacks: { at: string; message: string }[];
  /** Promotions and other events (most recent first). */
  events: { at: string; kind: string; message: string; detail?: unknown }[];
  /** The gate of the next stage up from `stage` (null past `rampdown`, or for a route not in the plan). */
  gate: GateResult | null;
}

export interface ShadowReport {
  generatedAt: string;
  /** Where the data came from (store files, or the admin URL). */
  sources: string[];
  routes: RouteReport[];
}

export interface BuildOptions {
  /** The plan's routes, compiled: their order, noise thresholds and gates. */
  routes?: ReadonlyMap<string, ShadowRoute>;
  /** Current stage per route id. */
  stages?: ReadonlyMap<string, string>;
  sources?: string[];
  /** Differing fields listed per route. Default 10. */
  topFields?: number;
  /** Samples listed per route. Default 5. */
  samples?: number;
  now?: number;
}

const rate = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** The gate a route has to pass next: entering live from anything below it, then rampdown, then complete. */
export function nextGatedStage(stage: string | null): GatedStage | null {
  // A rollout reads "shadow 80% / live 20%": the furthest stage named is where the route is going.
  const named = stage === null ? [] : STAGES.filter((s) => new RegExp(`\\b${s}\\b`).test(stage));
  const rank = named.length === 0 ? STAGES.indexOf('shadow') : Math.max(...named.map((s) => STAGES.indexOf(s)));
  if (rank < STAGES.indexOf('live')) return 'live';
  if (rank === STAGES.indexOf('live')) return 'rampdown';
  if (rank === STAGES.indexOf('rampdown')) return 'complete';
  return null;
}

export function routeReport(stats: RouteStats, route: ShadowRoute | undefined, stage: string | null, options: BuildOptions = {}): RouteReport {
  const shadowErrors = Object.values(stats.errors).reduce((a, b) => a + b, 0);
  const shadowCalls = stats.compared + shadowErrors;
  const monolith = summarise(stats.latency.monolith);
  const lambda = summarise(stats.latency.lambda);
  const p99Ratio = monolith.p99 !== null && lambda.p99 !== null && monolith.p99 > 0 ? Math.round((lambda.p99 / monolith.p99) * 100) / 100 : null;
  const noiseCfg = route?.config.noise;
  const classified =
    stats.noiseSamples > 0 && noiseCfg ? new Map(classifyFields(stats.noiseSamples, stats.fields, noiseCfg).map((f) => [f.field, f.verdict])) : undefined;
  const fields = stats.fields.slice(0, options.topFields ?? 10).map((f): ReportField => {
    const verdict = classified?.get(f.field);
    return { field: f.field, count: f.diffs, ...(verdict && (f.raw > 0 || f.noise > 0) ? { verdict } : {}) };
  });
  const noise =
    noiseCfg && (noiseCfg.mode === 'learn' || stats.noiseSamples > 0)
      ? {
          mode: noiseCfg.mode,
          samples: stats.noiseSamples,
          proposal: proposeIgnoreRules(stats.route, noiseCfg ? classifyFields(stats.noiseSamples, stats.fields, noiseCfg) : []),
        }
      : null;
  const matchRate = rate(stats.matched, stats.compared);
  const shadowErrorRate = rate(shadowErrors, shadowCalls);
  const next = route ? nextGatedStage(stage) : null;
  const iso = (e: StoredEvent): string => new Date(e.at).toISOString();
  return {
    route: stats.route,
    inPlan: route !== undefined,
    stage,
    compared: stats.compared,
    matched: stats.matched,
    mismatched: stats.mismatched,
    noisy: stats.noisy,
    matchRate,
    shadowCalls,
    shadowErrors,
    shadowErrorRate,
    errors: stats.errors,
    skipped: stats.skipped,
    latency: { monolith, lambda, p99Ratio },
    fields,
    noise,
    example: stats.samples[0] ?? null,
    samples: stats.samples.slice(0, options.samples ?? 5),
    rollbacks: stats.events.filter((e) => e.kind === 'rollback').map((e) => ({ at: iso(e), message: e.message })),
    events: stats.events.map((e) => ({ at: iso(e), kind: e.kind, message: e.message, ...(e.detail !== undefined ? { detail: e.detail } : {}) })),
    gate:
      route && next
        ? checkGate(next, route.gates[next], { compared: stats.compared, matchRate, shadowErrorRate, p99: { monolith: monolith.p99, lambda: lambda.p99 } })
        : null,
  };
}

/**
 * The report of every route: the plan's routes in plan order (with zeros when nothing was recorded yet), then
 * routes found only in the store (removed from the plan since).
 */
export function buildReport(stats: readonly RouteStats[], options: BuildOptions = {}): ShadowReport {
  const byId = new Map(stats.map((s) => [s.route, s]));
  const ids = [...(options.routes?.keys() ?? []), ...stats.map((s) => s.route).filter((id) => !options.routes?.has(id))];
  return {
    generatedAt: new Date(options.now ?? Date.now()).toISOString(),
    sources: options.sources ?? [],
    routes: ids.map((id) => routeReport(byId.get(id) ?? emptyStats(id), options.routes?.get(id), options.stages?.get(id) ?? null, options)),
  };
}

export function isPlainStage(value: string | null): value is Stage {
  return value !== null && isStage(value);
}
