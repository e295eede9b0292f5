import { describe, expect, it } from 'vitest';
import { nextDeathCount, restartDelayMs, RESTART_RESET_AFTER_MS } from '../../../proxy/cluster/index.js';

describe('worker restart backoff', () => {
  it.each([
    [0, 100],
    [1, 200],
    [2, 400],
    [6, 6_400],
    [7, 10_000],
    [1_000, 10_000],
  ])('after %i earlier deaths in a row waits %i ms', (deaths, ms) => {
    expect(restartDelayMs(deaths)).toBe(ms);
  });

  it.each([
    [0, 50, 1],
    [3, RESTART_RESET_AFTER_MS - 1, 4],
    [5, RESTART_RESET_AFTER_MS, 0],
  ])('a death after %i in a row, up %i ms, makes the count %i', (previous, upMs, next) => {
    expect(nextDeathCount(previous, upMs)).toBe(next);
  });
});
