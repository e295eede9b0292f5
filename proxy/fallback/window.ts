import { CircuitState, type IBreaker } from 'cockatiel';

/** Slots the sliding window is cut into: old calls leave it a tenth of a window at a time. */
const SLOTS = 10;

export interface WindowBreakerOptions {
  /** Open when failures / calls in the window reach this ratio (inclusive; 0 < ratio <= 1). */
  failureRatio: number;
  /** Calls needed in the window before the ratio counts. */
  minimumRequests: number;
  windowMs: number;
  now?: () => number;
}

/**
 * The "when to open" rule plugged into cockatiel's CircuitBreakerPolicy (which owns the open → half-open → closed
 * state machine): a failure ratio over a sliding time window with a minimum number of calls, as the plan's
 * `fallback.breaker` says. cockatiel's own SamplingBreaker is close but not this rule: its minimum is a rate (calls
 * per second), its threshold is exclusive and must be below 1, and after an idle gap it rotates a single bucket per
 * call, so calls older than the window can still count.
 */
export class WindowBreaker implements IBreaker {
  private readonly slotMs: number;
  private readonly now: () => number;
  private starts = new Array<number>(SLOTS).fill(-Infinity);
  private successes = new Array<number>(SLOTS).fill(0);
  private failures = new Array<number>(SLOTS).fill(0);

  constructor(private readonly options: WindowBreakerOptions) {
    this.slotMs = Math.max(1, Math.ceil(options.windowMs / SLOTS));
    this.now = options.now ?? Date.now;
  }

  get state(): unknown {
    return { starts: [...this.starts], successes: [...this.successes], failures: [...this.failures] };
  }

  set state(value: unknown) {
    const v = value as { starts: number[]; successes: number[]; failures: number[] };
    this.starts = [...v.starts];
    this.successes = [...v.successes];
    this.failures = [...v.failures];
  }

  success(state: CircuitState): void {
    // A successful half-open probe closes the circuit: start counting afresh.
    if (state === CircuitState.HalfOpen) this.reset();
    const i = this.slot();
    this.successes[i] = this.successes[i]! + 1;
  }

  failure(state: CircuitState): boolean {
    const i = this.slot();
    this.failures[i] = this.failures[i]! + 1;
    if (state !== CircuitState.Closed) return true;
    const { calls, failures } = this.totals();
    return calls >= this.options.minimumRequests && failures / calls >= this.options.failureRatio;
  }

  /** Calls and failures in the window now. */
  totals(): { calls: number; failures: number } {
    const oldest = this.now() - this.options.windowMs;
    let calls = 0;
    let failures = 0;
    for (let i = 0; i < SLOTS; i++) {
      if (this.starts[i]! <= oldest) continue;
      calls += this.successes[i]! + this.failures[i]!;
      failures += this.failures[i]!;
    }
    return { calls, failures };
  }

  private reset(): void {
    this.starts.fill(-Infinity);
    this.successes.fill(0);
    this.failures.fill(0);
  }

  /** Index of the slot for now, cleared when it held an older slot's counts. */
  private slot(): number {
    const now = this.now();
    const start = now - (now % this.slotMs);
    const i = Math.floor(now / this.slotMs) % SLOTS;
    if (this.starts[i] !== start) {
      this.starts[i] = start;
      this.successes[i] = 0;
      this.failures[i] = 0;
    }
    return i;
  }
}
