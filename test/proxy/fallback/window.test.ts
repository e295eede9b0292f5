import { CircuitState } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { WindowBreaker } from '../../../proxy/fallback/index.js';

// The "when to open" rule: failures / calls over the window reach failureRatio, once minimumRequests calls are in it.
describe('WindowBreaker', () => {
  const make = (now: { t: number }, ratio = 0.5) => new WindowBreaker({ failureRatio: ratio, minimumRequests: 4, windowMs: 1000, now: () => now.t });

  it('does not open below the minimum number of calls', () => {
    const now = { t: 10_000 };
    const b = make(now);
    expect([b.failure(CircuitState.Closed), b.failure(CircuitState.Closed), b.failure(CircuitState.Closed)]).toEqual([false, false, false]);
    expect(b.failure(CircuitState.Closed)).toBe(true);
  });

  it('opens when the ratio is reached (inclusive)', () => {
    const now = { t: 10_000 };
    const b = make(now);
    b.success(CircuitState.Closed);
    b.success(CircuitState.Closed);
    expect(b.failure(CircuitState.Closed)).toBe(false);
    expect(b.failure(CircuitState.Closed)).toBe(true); // 2 of 4 = 0.5
  });

  it('forgets calls older than the window, even after an idle gap', () => {
    const now = { t: 10_000 };
    const b = make(now);
    for (let i = 0; i < 3; i++) b.failure(CircuitState.Closed);
    now.t += 5_000;
    expect(b.totals()).toEqual({ calls: 0, failures: 0 });
    expect(b.failure(CircuitState.Closed)).toBe(false);
  });

  it('a ratio of 1 opens only when every call failed', () => {
    const now = { t: 10_000 };
    const b = make(now, 1);
    b.success(CircuitState.Closed);
    for (let i = 0; i < 4; i++) expect(b.failure(CircuitState.Closed)).toBe(false);
  });

  it('a failed half-open probe opens again; a successful one starts a fresh window', () => {
    const now = { t: 10_000 };
    const b = make(now);
    expect(b.failure(CircuitState.HalfOpen)).toBe(true);
    b.success(CircuitState.HalfOpen);
    expect(b.totals()).toEqual({ calls: 1, failures: 0 });
  });
});
