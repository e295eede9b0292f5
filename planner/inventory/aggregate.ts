/**
 * The traffic inventory's unit: per-minute aggregates of requests by method and path template, never raw requests
 * and never bodies. The proxy records every request it answers (matched by a plan route or not); `strangler analyze`
 * builds the same aggregates from access logs, so both feed one analysis.
 */
import { OTHER } from '../templates.js';

/** Upper bounds (inclusive) of the latency histogram's buckets, ms; one more bucket holds the rest. 29 s: API Gateway's limit. */
export const LATENCY_BOUNDS_MS: readonly number[] = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 29_000, 60_000, 300_000];
/** Upper bounds (inclusive) of the size histograms' buckets, bytes; 6 MB is Lambda's synchronous payload limit. */
export const SIZE_BOUNDS_BYTES: readonly number[] = [1_024, 10_240, 102_400, 1_048_576, 4_194_304, 6_291_456, 10_485_760];

export type Side = 'monolith' | 'lambda';

/** One request as the inventory sees it. */
export interface TrafficSample {
  /** Epoch ms when the request was received. */
  time: number;
  method: string;
  /** `METHOD /template` from a TemplateInferrer (or its `(other)`), or a matched route's `METHOD /pattern`. */
  template: string;
  /** The plan route that matched, or null for unmatched traffic. */
  routeId: string | null;
  status: number;
  /** Which side answered. */
  side: Side;
  durationMs?: number;
  /** Lambda's billed duration (the REPORT line's), when the invocation's log tail was asked for. */
  billedDurationMs?: number;
  requestBytes?: number;
  responseBytes?: number;
  /** A streamed (chunked, unknown length) response. */
  streaming?: boolean;
  /** A WebSocket (or other) upgrade. */
  upgrade?: boolean;
  /** A `text/event-stream` response. */
  sse?: boolean;
}

/** Requests of one method and template in one minute. Histograms have `bounds.length + 1` counts. */
export interface TrafficAggregate {
  /** Epoch ms of the minute's start. */
  minute: number;
  method: string;
  template: string;
  routeId: string | null;
  requests: number;
  /** Counts by status class: 1xx..5xx at indexes 0..4. */
  status: number[];
  /** Latency histograms (LATENCY_BOUNDS_MS) by the side that answered, and their sums for means. */
  monolithMs: number[];
  lambdaMs: number[];
  monolithMsSum: number;
  lambdaMsSum: number;
  /** Sum and count of Lambda's billed durations (REPORT lines), where known; absent means none. */
  lambdaBilledMsSum?: number;
  lambdaBilledCount?: number;
  /** Size histograms (SIZE_BOUNDS_BYTES) and the largest seen. */
  requestBytes: number[];
  responseBytes: number[];
  maxRequestBytes: number;
  maxResponseBytes: number;
  streaming: number;
  upgrades: number;
  sse: number;
}

export const MINUTE_MS = 60_000;

/** The bucket a value falls in. */
export function bucketOf(bounds: readonly number[], value: number): number {
  for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) return i;
  return bounds.length;
}

export function emptyAggregate(minute: number, method: string, template: string, routeId: string | null): TrafficAggregate {
  return {
    minute,
    method,
    template,
    routeId,
    requests: 0,
    status: [0, 0, 0, 0, 0],
    monolithMs: new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0),
    lambdaMs: new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0),
    monolithMsSum: 0,
    lambdaMsSum: 0,
    requestBytes: new Array<number>(SIZE_BOUNDS_BYTES.length + 1).fill(0),
    responseBytes: new Array<number>(SIZE_BOUNDS_BYTES.length + 1).fill(0),
    maxRequestBytes: 0,
    maxResponseBytes: 0,
    streaming: 0,
    upgrades: 0,
    sse: 0,
  };
}

/** Adds one sample to an aggregate of its minute, method and template. */
export function addSample(into: TrafficAggregate, s: TrafficSample): void {
  into.requests++;
  const cls = Math.floor(s.status / 100) - 1;
  if (cls >= 0 && cls < 5) into.status[cls]!++;
  if (s.durationMs !== undefined) {
    const b = bucketOf(LATENCY_BOUNDS_MS, s.durationMs);
    if (s.side === 'lambda') {
      into.lambdaMs[b]!++;
      into.lambdaMsSum += s.durationMs;
    } else {
      into.monolithMs[b]!++;
      into.monolithMsSum += s.durationMs;
    }
  }
  if (s.billedDurationMs !== undefined) {
    into.lambdaBilledMsSum = (into.lambdaBilledMsSum ?? 0) + s.billedDurationMs;
    into.lambdaBilledCount = (into.lambdaBilledCount ?? 0) + 1;
  }
  if (s.requestBytes !== undefined) {
    into.requestBytes[bucketOf(SIZE_BOUNDS_BYTES, s.requestBytes)]!++;
    if (s.requestBytes > into.maxRequestBytes) into.maxRequestBytes = s.requestBytes;
  }
  if (s.responseBytes !== undefined) {
    into.responseBytes[bucketOf(SIZE_BOUNDS_BYTES, s.responseBytes)]!++;
    if (s.responseBytes > into.maxResponseBytes) into.maxResponseBytes = s.responseBytes;
  }
  if (s.streaming === true) into.streaming++;
  if (s.upgrade === true) into.upgrades++;
  if (s.sse === true) into.sse++;
}

/** Adds `from` into `into` (same method and template; minutes may differ when rolling up). */
export function mergeAggregate(into: TrafficAggregate, from: TrafficAggregate): void {
  into.requests += from.requests;
  addInto(into.status, from.status);
  addInto(into.monolithMs, from.monolithMs);
  addInto(into.lambdaMs, from.lambdaMs);
  into.monolithMsSum += from.monolithMsSum;
  into.lambdaMsSum += from.lambdaMsSum;
  if (from.lambdaBilledCount !== undefined && from.lambdaBilledCount > 0) {
    into.lambdaBilledMsSum = (into.lambdaBilledMsSum ?? 0) + (from.lambdaBilledMsSum ?? 0);
    into.lambdaBilledCount = (into.lambdaBilledCount ?? 0) + from.lambdaBilledCount;
  }
  addInto(into.requestBytes, from.requestBytes);
  addInto(into.responseBytes, from.responseBytes);
  into.maxRequestBytes = Math.max(into.maxRequestBytes, from.maxRequestBytes);
  into.maxResponseBytes = Math.max(into.maxResponseBytes, from.maxResponseBytes);
  into.streaming += from.streaming;
  into.upgrades += from.upgrades;
  into.sse += from.sse;
}

function addInto(into: number[], from: readonly number[]): void {
  for (let i = 0; i < into.length; i++) into[i]! += from[i] ?? 0;
}

/**
 * Collects samples into per-minute aggregates in memory, bounded: at most `maxKeys` (minute, method, template)
 * entries are held; past that a new template counts as `(other)` in its minute, so a scanner cannot grow memory.
 * `drain(before)` hands over the minutes that ended (for the store) and forgets them.
 */
export class TrafficAggregator {
  private readonly open = new Map<string, TrafficAggregate>();

  constructor(private readonly maxKeys = 5_000) {}

  get size(): number {
    return this.open.size;
  }

  record(s: TrafficSample): void {
    const minute = s.time - (s.time % MINUTE_MS);
    let key = `${minute} ${s.template}`;
    let agg = this.open.get(key);
    if (agg === undefined) {
      let template = s.template;
      let routeId = s.routeId;
      if (this.open.size >= this.maxKeys) {
        template = OTHER;
        routeId = null;
        key = `${minute} ${template}`;
        agg = this.open.get(key);
      }
      if (agg === undefined) {
        agg = emptyAggregate(minute, s.method, template, routeId);
        this.open.set(key, agg);
      }
    }
    addSample(agg, s);
  }

  /** The aggregates held now (minutes still open included), left in place: read them, never change them. */
  peek(): TrafficAggregate[] {
    return [...this.open.values()];
  }

  /** The aggregates of minutes that started before `beforeMinute` (epoch ms), removed from memory. */
  drain(beforeMinute: number): TrafficAggregate[] {
    const out: TrafficAggregate[] = [];
    for (const [key, agg] of this.open) {
      if (agg.minute < beforeMinute) {
        out.push(agg);
        this.open.delete(key);
      }
    }
    return out;
  }
}
