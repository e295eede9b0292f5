import type { HeaderBag } from '../compare/compare.js';
import type { ComparisonResult } from '../compare/compare.js';
import type { FieldDiff } from '../compare/json-diff.js';
import type { Histogram } from './histogram.js';
import type { Redaction } from './redact.js';

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
