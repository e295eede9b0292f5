/**
 * The last `size` values of a series, for percentiles over recent behaviour (a ring buffer: memory stays fixed
 * whatever the traffic). Prometheus histograms carry the long-run view; this answers `/routes` without a query.
 */
export class RecentWindow {
  private readonly values: Float64Array;
  private count = 0;
  private next = 0;

  constructor(readonly size: number) {
    this.values = new Float64Array(size);
  }

  push(value: number): void {
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.size;
    if (this.count < this.size) this.count++;
  }

  get length(): number {
    return this.count;
  }

  /** Nearest-rank percentile (`p` in 0..100) of the values held; null when empty. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const sorted = Array.from(this.values.subarray(0, this.count)).sort((a, b) => a - b);
    const rank = Math.min(this.count, Math.max(1, Math.ceil((p / 100) * this.count)));
    return sorted[rank - 1]!;
  }
}
