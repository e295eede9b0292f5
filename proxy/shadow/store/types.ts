import type { HeaderBag } from '../compare/compare.js';
import type { ComparisonResult } from '../compare/compare.js';
import type { FieldDiff } from '../compare/json-diff.js';
import type { Histogram } from '../../metrics/histogram.js';
import type { Redaction } from './redact.js';
import type { TrafficAggregate } from '../../../planner/inventory/index.js';

export type ShadowSide = 'monolith' | 'lambda';

/**
 * Why a request that could have been shadowed was not. `cap`: the global concurrency cap was reached; `unsafe`: an
 * unsafe method on a route without the dry-run contract; `body-too-large`: request or response over
 * `shadow.maxBodyBytes`; `closing`: the proxy is shutting down. (Requests left out by `sampleRate` are not counted.)
 */
export type SkipReason = 'cap' | 'unsafe' | 'body-too-large' | 'closing';

/** The request a sample is kept for (redacted by the store before it is written). */
export interface SampleRequest {
  id?: string | undefined;
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: HeaderBag;
}

/** One completed comparison. In `result`, side `a` is always the monolith and `b` the Lambda. */
export interface ComparisonRecord {
  route: string;
  /** Epoch ms. */
  at: number;
  servedBy: ShadowSide;
  latencyMs: Record<ShadowSide, number>;
  result: ComparisonResult;
  /** True when every difference in `result` is a field currently learned as noise: counted as matched (and noisy). */
  noiseOnly: boolean;
  /** For noise-sampled requests: the differences between the two monolith answers. */
  noise?: { diffs: FieldDiff[] } | undefined;
  request: SampleRequest;
  redaction: Redaction;
}

/** A stored difference, with the values named by side. */
export interface StoredDiff {
  path: string;
  field: string;
  kind: FieldDiff['kind'];
  monolith?: unknown;
  lambda?: unknown;
}

export interface StoredSample {
  id: number;
  route: string;
  at: number;
  requestId?: string;
  method: string;
  url: string;
  servedBy: ShadowSide;
  status: Record<ShadowSide, number | undefined>;
  headers: Record<string, string>;
  diffs: StoredDiff[];
  truncated: boolean;
}

export interface StoredEvent {
  id: number;
  route: string;
  at: number;
  /** `rollback` (automatic), `promote`, `promote-forced`, `pin`, `unpin` (admin kill switch). */
  kind: string;
  message: string;
  detail?: unknown;
}

export interface FieldCounts {
  field: string;
  /** Comparisons where this field differed. */
  diffs: number;
  /** Of the noise-sampled comparisons: where it differed against the Lambda / between two monolith answers. */
  raw: number;
  noise: number;
}

/** Everything known about a route (summed over the days kept, and over several stores when merged). */
export interface RouteStats {
  route: string;
  compared: number;
  matched: number;
  mismatched: number;
  /** Matched only because every difference was learned noise. */
  noisy: number;
  noiseSamples: number;
  /** Shadow-call failures, by `side:code`. */
  errors: Record<string, number>;
  skipped: Record<string, number>;
  latency: Record<ShadowSide, Histogram>;
  fields: FieldCounts[];
  /** Most recent first. */
  samples: StoredSample[];
  /** Most recent first. */
  events: StoredEvent[];
}

export function emptyStats(route: string): RouteStats {
  return {
    route,
    compared: 0,
    matched: 0,
    mismatched: 0,
    noisy: 0,
    noiseSamples: 0,
    errors: {},
    skipped: {},
    latency: { monolith: new Map(), lambda: new Map() },
    fields: [],
    samples: [],
    events: [],
  };
}

/** The counts a noise model is computed from. */
export interface NoiseStats {
  samples: number;
  fields: { field: string; raw: number; noise: number }[];
}

/** `readStats` options: how many recent samples per route, and a window (epoch ms) to start from. */
export interface ReadOptions {
  samples?: number;
  since?: number;
}

/**
 * The shadow results store the proxy writes and the report, gates and dashboard read. Two implementations:
 * `ShadowStore` (SQLite, one per proxy, the default) and `PgShadowStore` (PostgreSQL, shared by a fleet).
 * Recording never blocks and never throws for storage trouble: results are buffered and written off the request path.
 * Reads answer synchronously where the store can (SQLite), else a promise: callers `await` them.
 */
export interface ResultsStore {
  /** Where the results are: the SQLite file, or the PostgreSQL URL without its password (for reports and logs). */
  readonly location: string;
  /** True when several proxies share this store: pins then go through it to the whole fleet. */
  readonly shared: boolean;
  recordComparison(rec: ComparisonRecord): void;
  recordError(e: { route: string; side: ShadowSide; code: string; latencyMs?: number; at?: number; noise?: boolean }): void;
  recordSkip(s: { route: string; reason: SkipReason; at?: number }): void;
  /** Rollbacks, promotions, pins, resets: rare and important, written at once (PostgreSQL: queued at once). */
  recordEvent(e: { route: string; kind: string; message: string; detail?: unknown; at?: number }): void;
  readStats(route?: string, options?: ReadOptions): RouteStats[] | Promise<RouteStats[]>;
  readRoutes(): string[] | Promise<string[]>;
  readNoiseStats(route: string): NoiseStats | Promise<NoiseStats>;
  /** Forgets a route's results (its events stay) and records the reset as an event. */
  resetRoute(route: string, event: { message: string; detail?: unknown }): void | Promise<void>;
  /** Writes what is buffered and closes. Recording after close is ignored. */
  close(): void | Promise<void>;
  /**
   * The traffic inventory (proxy/inventory): adds minute aggregates, merged with stored ones of the same minute and
   * template, and drops minutes before `pruneBefore` (epoch ms). Both stores implement it; optional for test doubles.
   */
  writeTraffic?(aggregates: readonly TrafficAggregate[], pruneBefore: number): void | Promise<void>;
  /** The inventory's stored minutes from `since` (epoch ms) on. */
  readTraffic?(since: number): TrafficAggregate[] | Promise<TrafficAggregate[]>;
}
