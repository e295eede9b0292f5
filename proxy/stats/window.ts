import { BUCKET_BASE_MS, BUCKET_COUNT, BUCKET_GROWTH, bucketOf } from '../metrics/histogram.js';
import type { Side } from '../stages/plan.js';

/** Width of one time bucket. */
export const DEFAULT_BUCKET_MS = 10_000;
/** Time buckets kept: 30 × 10 s = the last 5 minutes. */
export const DEFAULT_BUCKETS = 30;
/** Routes tracked at most (plan routes plus `(unmatched)`); a bound in case ids ever come from outside the plan. */
export const MAX_ROUTES = 1_000;

/** One finished request, as the proxy's Exchange reports it. */
export interface RequestSample {
  route: string;
  /** The side whose answer the client got. */
  servedBy: Side;
  status: number;
  durationMs: number;
  /** The request's plan said "serve from the Lambda" (the denominator of the fallback rate). */
  lambdaPlanned: boolean;
  /** The Lambda failed and the monolith answered instead. */
  fallback: boolean;
  /** Lambda throttled the invocation (429): a capacity signal, counted apart from failures and the breaker. */
  throttled?: boolean;
  /** A 5xx, or a request ended by a coded failure. */
  error: boolean;
}

/** Per side, over the window. Latencies in ms (client-visible: request in to last byte out), null without data. */
export interface SideStats {
  requests: number;
  errors: number;
  p50: number | null;
  p99: number | null;
}

/** One route's numbers over the window (`GET /stats`). */
export interface RouteWindowStats {
  route: string;
  requests: number;
  monolith: SideStats;
  lambda: SideStats;
  /** Share of the window's requests each side served; null without requests. */
  split: { monolith: number; lambda: number } | null;
  /** Requests whose stage sent them to the Lambda. */
  lambdaPlanned: number;
  fallbacks: number;
  /** fallbacks / lambdaPlanned; null when nothing was sent to the Lambda. */
  fallbackRate: number | null;
  /** Requests Lambda throttled (429; they fell back where the stage allows). Not breaker failures. */
  throttles: number;
  /** throttles / lambdaPlanned; null when nothing was sent to the Lambda. */
  throttleRate: number | null;
  errors: number;
  /** errors / requests; null without requests. */
  errorRate: number | null;
  /** Requests per time bucket, oldest first, for a sparkline (length = window / bucket). */
  series: { monolith: number[]; lambda: number[] };
}

export interface WindowStats {
  generatedAt: string;
  windowSeconds: number;
  bucketSeconds: number;
  routes: RouteWindowStats[];
}

/** One time bucket of one route. Histograms are allocated on first use (a side that never serves costs nothing). */
class Slot {
  epoch = -1;
  readonly requests = [0, 0];
  readonly errors = [0, 0];
  lambdaPlanned = 0;
  fallbacks = 0;
  throttles = 0;
  readonly latency: [Uint32Array | null, Uint32Array | null] = [null, null];

  reset(epoch: number): void {
    this.epoch = epoch;
    this.requests[0] = this.requests[1] = 0;
    this.errors[0] = this.errors[1] = 0;
    this.lambdaPlanned = this.fallbacks = this.throttles = 0;
    this.latency[0]?.fill(0);
    this.latency[1]?.fill(0);
  }
}

const sideIndex = (side: Side): 0 | 1 => (side === 'lambda' ? 1 : 0);

/**
 * Request statistics over a rolling window, per route and per side: a ring of fixed time buckets (default 30 ×
 * 10 s), each with counters and one log-scale latency histogram per side.
 *
 * Why this shape: memory is fixed whatever the traffic (at most 30 × 2 × 150 32-bit counters per route, ~36 KB,
 * and only for sides that served), recording is O(1) with no allocation after warm-up, and expiring old data is
 * just overwriting a bucket. The histogram is the one the shadow store uses (0.5 ms × 1.1^i, proxy/metrics/histogram.ts):
 * unlike a bounded reservoir it counts every request, so p99 does not depend on sampling luck, and buckets of
 * different times add up exactly; a percentile is within ±5 % (one bucket), plenty for a dashboard.
 * @example
 *   const stats = new RollingStats();
 *   stats.record({ route: 'products', servedBy: 'lambda', status: 200, durationMs: 12, lambdaPlanned: true, fallback: false, error: false });
 *   stats.snapshot().routes[0].lambda.p99; // ≈ 12
 */
export class RollingStats {
  readonly bucketMs: number;
  readonly buckets: number;
  private readonly routes = new Map<string, Slot[]>();
  private readonly now: () => number;

  constructor(options: { bucketMs?: number; buckets?: number; now?: () => number } = {}) {
    this.bucketMs = options.bucketMs ?? DEFAULT_BUCKET_MS;
    this.buckets = options.buckets ?? DEFAULT_BUCKETS;
    this.now = options.now ?? Date.now;
  }

  /** Counts one finished request. Hot path: a map lookup and a few increments. */
  record(s: RequestSample): void {
    let ring = this.routes.get(s.route);
    if (ring === undefined) {
      if (this.routes.size >= MAX_ROUTES) return;
      ring = Array.from({ length: this.buckets }, () => new Slot());
      this.routes.set(s.route, ring);
    }
    const epoch = Math.floor(this.now() / this.bucketMs);
    const slot = ring[epoch % this.buckets]!;
    if (slot.epoch !== epoch) slot.reset(epoch);
    const i = sideIndex(s.servedBy);
    slot.requests[i]!++;
    if (s.error) slot.errors[i]!++;
    if (s.lambdaPlanned) slot.lambdaPlanned++;
    if (s.fallback) slot.fallbacks++;
    if (s.throttled === true) slot.throttles++;
    const h = (slot.latency[i] ??= new Uint32Array(BUCKET_COUNT));
    h[bucketOf(s.durationMs)]!++;
  }

  /**
   * The numbers over the last `windowMs` (default: the whole ring), routes in `order` first (plan order, with
   * zeros for routes without traffic), then any other route that had traffic in the window. With `order`, routes
   * outside it with no traffic left in the ring are dropped, so reloads that rename routes cannot grow memory.
   */
  snapshot(options: { windowMs?: number; order?: readonly string[] } = {}): WindowStats {
    const span = Math.min(this.buckets, Math.max(1, Math.ceil((options.windowMs ?? this.buckets * this.bucketMs) / this.bucketMs)));
    const nowMs = this.now();
    const current = Math.floor(nowMs / this.bucketMs);
    const ids = [...(options.order ?? [])];
    const listed = new Set(ids);
    for (const id of this.routes.keys()) if (!listed.has(id)) ids.push(id);
    const routes: RouteWindowStats[] = [];
    for (const id of ids) {
      const row = this.routeStats(id, current, span);
      if (!listed.has(id) && row.requests === 0) {
        // A route gone from the plan (reload) whose traffic has aged out of the whole ring: forget it.
        if (options.order !== undefined && this.routes.get(id)?.every((slot) => slot.epoch <= current - this.buckets)) this.routes.delete(id);
        continue;
      }
      routes.push(row);
    }
    return { generatedAt: new Date(nowMs).toISOString(), windowSeconds: (span * this.bucketMs) / 1000, bucketSeconds: this.bucketMs / 1000, routes };
  }

  private routeStats(id: string, current: number, span: number): RouteWindowStats {
    const ring = this.routes.get(id);
    const requests = [0, 0];
    const errors = [0, 0];
    let lambdaPlanned = 0;
    let fallbacks = 0;
    let throttles = 0;
    const hist = [new Float64Array(BUCKET_COUNT), new Float64Array(BUCKET_COUNT)] as const;
    const series = { monolith: new Array<number>(span).fill(0), lambda: new Array<number>(span).fill(0) };
    for (let k = 0; k < span && ring !== undefined; k++) {
      const epoch = current - (span - 1 - k);
      const slot = ring[((epoch % this.buckets) + this.buckets) % this.buckets]!;
      if (slot.epoch !== epoch) continue;
      for (const i of [0, 1] as const) {
        requests[i]! += slot.requests[i]!;
        errors[i]! += slot.errors[i]!;
        const h = slot.latency[i];
        if (h) for (let b = 0; b < BUCKET_COUNT; b++) hist[i][b]! += h[b]!;
      }
      series.monolith[k] = slot.requests[0]!;
      series.lambda[k] = slot.requests[1]!;
      lambdaPlanned += slot.lambdaPlanned;
      fallbacks += slot.fallbacks;
      throttles += slot.throttles;
    }
    const total = requests[0]! + requests[1]!;
    const errorCount = errors[0]! + errors[1]!;
    const side = (i: 0 | 1): SideStats => ({
      requests: requests[i]!,
      errors: errors[i]!,
      p50: quantileOf(hist[i], requests[i]!, 0.5),
      p99: quantileOf(hist[i], requests[i]!, 0.99),
    });
    return {
      route: id,
      requests: total,
      monolith: side(0),
      lambda: side(1),
      split: total === 0 ? null : { monolith: requests[0]! / total, lambda: requests[1]! / total },
      lambdaPlanned,
      fallbacks,
      fallbackRate: lambdaPlanned === 0 ? null : fallbacks / lambdaPlanned,
      throttles,
      throttleRate: lambdaPlanned === 0 ? null : throttles / lambdaPlanned,
      errors: errorCount,
      errorRate: total === 0 ? null : errorCount / total,
      series,
    };
  }
}

/** The q-quantile of a dense histogram, as the bucket's geometric middle (as the shadow store reports it), in ms. */
function quantileOf(h: Float64Array, total: number, q: number): number | null {
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let b = 0; b < h.length; b++) {
    seen += h[b]!;
    if (seen >= rank) {
      const ms = b === 0 ? BUCKET_BASE_MS / 2 : (BUCKET_BASE_MS * BUCKET_GROWTH ** b) / Math.sqrt(BUCKET_GROWTH);
      return Math.round(ms * 100) / 100;
    }
  }
  return null;
}
