import { isAbsolute, resolve } from 'node:path';
import type { Route } from '../plan/schema.js';
import {
  ALWAYS_REDACTED_HEADERS,
  DEFAULT_COMPARED_HEADERS,
  DEFAULT_NOISE,
  DEFAULT_REDACTED_QUERY,
  DEFAULT_SAMPLE_RATE,
  DEFAULT_SHADOW_TIMEOUT_MS,
  type EqualPattern,
  type GatesConfig,
  type RouteShadowConfig,
  type ShadowSettings,
  type SortArrayRule,
  type StageGate,
} from '../schemas/shadow.js';

/** One route's shadow settings after merging the route, the global `shadow.defaults` and the built-in defaults. */
export interface ResolvedShadowConfig {
  sampleRate: number;
  unsafe: 'skip' | 'dry-run';
  timeoutMs: number;
  compare: ResolvedCompare;
  noise: ResolvedNoise;
  redact: { headers: string[]; query: string[]; body: string[] };
}

export interface ResolvedCompare {
  headers: string[];
  ignoreHeaders: string[];
  ignore: string[];
  sortArrays: { path: string; by?: string }[];
  tolerance: { absolute: number; relative: number };
  equalPatterns: ResolvedEqualPattern[];
}

export type ResolvedEqualPattern = { pattern?: 'isoTimestamp' | 'uuid'; regex?: string; flags?: string; paths?: string[] };

export interface ResolvedNoise {
  mode: 'off' | 'learn';
  sampleRate: number;
  relativeThreshold: number;
  absoluteThreshold: number;
  minSamples: number;
}

export type GatedStage = 'live' | 'rampdown' | 'complete';
export const GATED_STAGES: readonly GatedStage[] = ['live', 'rampdown', 'complete'];

export interface ResolvedRollback {
  enabled: boolean;
  windowMs: number;
  minRequests: number;
  maxFailureRate: number;
  maxFallbackRate: number;
}

export interface ResolvedGates {
  live: StageGate;
  rampdown: StageGate;
  complete: StageGate;
  rollback: ResolvedRollback;
}

/**
 * Built-in gates: enough comparisons, 99 % of them matching, at most 1 % shadow errors. The latency ratio is not
 * checked unless the plan sets it (cold starts make a Lambda's p99 a poor default gate).
 */
const DEFAULT_STAGE_GATE: StageGate = { minSamples: 100, minMatchRate: 0.99, maxShadowErrorRate: 0.01 };
export const DEFAULT_GATES: ResolvedGates = {
  live: DEFAULT_STAGE_GATE,
  rampdown: DEFAULT_STAGE_GATE,
  complete: DEFAULT_STAGE_GATE,
  rollback: { enabled: true, windowMs: 60_000, minRequests: 20, maxFailureRate: 0.05, maxFallbackRate: 0.1 },
};

type RouteLike = Pick<Route, 'id'> & { shadow: RouteShadowConfig; gates: GatesConfig };

const union = <T>(...lists: (readonly T[] | undefined)[]): T[] => [...new Set(lists.flatMap((l) => l ?? []))];

function normaliseNoise(n: RouteShadowConfig['noise']): Partial<ResolvedNoise> {
  if (n === undefined) return {};
  if (typeof n === 'string') return { mode: n };
  return Object.fromEntries(Object.entries(n).filter(([, v]) => v !== undefined)) as Partial<ResolvedNoise>;
}

function normalisePattern(p: EqualPattern): ResolvedEqualPattern {
  return typeof p === 'string' ? { pattern: p } : p;
}

function normaliseSort(s: SortArrayRule): { path: string; by?: string } {
  return typeof s === 'string' ? { path: s } : s;
}

/**
 * The effective shadow settings of a route. Scalars and `headers`/`tolerance`: route, else global default, else
 * built-in. Rule lists and redaction lists: the union of both.
 * @example
 *   const cfg = resolveShadowConfig(plan.shadow, plan.routes[0]);
 */
export function resolveShadowConfig(settings: ShadowSettings, route: Pick<RouteLike, 'shadow'>): ResolvedShadowConfig {
  const g = settings.defaults;
  const r = route.shadow;
  const key = (p: ResolvedEqualPattern): string => JSON.stringify(p);
  const patterns = new Map<string, ResolvedEqualPattern>();
  for (const p of [...g.compare.equalPatterns, ...r.compare.equalPatterns].map(normalisePattern)) patterns.set(key(p), p);
  const sorts = new Map<string, { path: string; by?: string }>();
  for (const s of [...g.compare.sortArrays, ...r.compare.sortArrays].map(normaliseSort)) sorts.set(s.path, s);
  return {
    sampleRate: r.sampleRate ?? g.sampleRate ?? DEFAULT_SAMPLE_RATE,
    unsafe: r.unsafe,
    timeoutMs: r.timeoutMs ?? g.timeoutMs ?? DEFAULT_SHADOW_TIMEOUT_MS,
    compare: {
      headers: r.compare.headers ?? g.compare.headers ?? [...DEFAULT_COMPARED_HEADERS],
      ignoreHeaders: union(g.compare.ignoreHeaders, r.compare.ignoreHeaders),
      ignore: union(g.compare.ignore, r.compare.ignore),
      // A route's rule for a path replaces the global rule for the same path (its `by` wins).
      sortArrays: [...sorts.values()],
      tolerance: r.compare.tolerance ?? g.compare.tolerance ?? { absolute: 0, relative: 0 },
      equalPatterns: [...patterns.values()],
    },
    noise: { ...DEFAULT_NOISE, ...normaliseNoise(g.noise), ...normaliseNoise(r.noise) },
    redact: {
      headers: union(ALWAYS_REDACTED_HEADERS, g.redact.headers, r.redact.headers),
      query: union(DEFAULT_REDACTED_QUERY, g.redact.query, r.redact.query),
      body: union(g.redact.body, r.redact.body),
    },
  };
}

const defined = <T extends object>(o: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

/** A route's gates: each field from the route, else the global `shadow.gates`, else `DEFAULT_GATES`. */
export function resolveGates(settings: ShadowSettings, route: Pick<RouteLike, 'gates'>): ResolvedGates {
  const g = settings.gates;
  const r = route.gates;
  const stage = (s: GatedStage): StageGate => ({ ...DEFAULT_GATES[s], ...defined(g[s]), ...defined(r[s]) });
  return {
    live: stage('live'),
    rampdown: stage('rampdown'),
    complete: stage('complete'),
    rollback: { ...DEFAULT_GATES.rollback, ...defined(g.rollback), ...defined(r.rollback) },
  };
}

/**
 * Where the results store lives: `shadow.store.path` with `{port}` replaced by the listen port, relative to the
 * plan's folder. `:memory:` stays as it is.
 */
/** Where the results are: a SQLite file (see resolveStorePath), or a PostgreSQL database shared by the fleet. */
export type StoreTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export function resolveStoreTarget(settings: ShadowSettings, planDir: string, port: number): StoreTarget {
  if (settings.store.kind === 'postgres') return { kind: 'postgres', url: settings.store.url! };
  return { kind: 'sqlite', path: resolveStorePath(settings, planDir, port) };
}

export function resolveStorePath(settings: ShadowSettings, planDir: string, port: number): string {
  const path = settings.store.path.replaceAll('{port}', String(port));
  if (path === ':memory:') return path;
  return isAbsolute(path) ? path : resolve(planDir, path);
}
