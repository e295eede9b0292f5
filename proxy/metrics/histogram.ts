/**
 * Latency as a log-scaled histogram: bucket i holds values up to 0.5 ms × 1.1^i (0.5 ms … ~13 min in 150 buckets).
 *
 * Why buckets rather than a reservoir of samples: counts per bucket are exact, take constant space whatever the
 * traffic, can be stored per day and summed (days, restarts, and several replicas' files all add up to a valid
 * histogram, which no reservoir allows), and old days can be pruned without bias. The price is resolution: a
 * percentile is known to within one bucket, reported as the bucket's geometric middle, so within ±5 %. That is the
 * scheme of HdrHistogram and Prometheus native histograms.
 *
 * It lives under metrics/, below both of its users, because both the shadow store (per-day latencies) and the rolling stats window
 * (the dashboard) bucket latencies this way.
 */
export const BUCKET_BASE_MS = 0.5;
export const BUCKET_GROWTH = 1.1;
export const BUCKET_COUNT = 150;

/** The bucket a latency falls in (values past the last bucket go into it). */
export function bucketOf(ms: number): number {
  if (!(ms > BUCKET_BASE_MS)) return 0;
  const i = Math.ceil(Math.log(ms / BUCKET_BASE_MS) / Math.log(BUCKET_GROWTH) - 1e-9);
  return Math.min(i, BUCKET_COUNT - 1);
}

/** Upper bound of bucket i, in ms. */
export function bucketUpper(i: number): number {
  return BUCKET_BASE_MS * BUCKET_GROWTH ** i;
}

/** Sparse histogram: bucket → count. */
export type Histogram = Map<number, number>;

export function addToHistogram(h: Histogram, ms: number, n = 1): void {
  const b = bucketOf(ms);
  h.set(b, (h.get(b) ?? 0) + n);
}

export function mergeHistograms(into: Histogram, from: Histogram): Histogram {
  for (const [b, n] of from) into.set(b, (into.get(b) ?? 0) + n);
  return into;
}

export function histogramCount(h: Histogram): number {
  let n = 0;
  for (const c of h.values()) n += c;
  return n;
}

/** The q-quantile (0 < q ≤ 1) in ms, or null for an empty histogram. */
export function quantile(h: Histogram, q: number): number | null {
  const total = histogramCount(h);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const b of [...h.keys()].sort((x, y) => x - y)) {
    seen += h.get(b)!;
    if (seen >= rank) {
      if (b === 0) return BUCKET_BASE_MS / 2;
      return bucketUpper(b) / Math.sqrt(BUCKET_GROWTH);
    }
  }
  return null;
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export function summarise(h: Histogram): LatencySummary {
  const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
  return { count: histogramCount(h), p50: round(quantile(h, 0.5)), p95: round(quantile(h, 0.95)), p99: round(quantile(h, 0.99)) };
}
