/** First delay before a dead worker is replaced. */
export const RESTART_BASE_MS = 100;
/** The delay doubles per consecutive early death, up to this. */
export const RESTART_MAX_MS = 10_000;
/** A worker that stayed up this long resets its slot's delay: its death is news, not a crash loop. */
export const RESTART_RESET_AFTER_MS = 10_000;

/**
 * How long to wait before replacing a worker that died, given how many deaths in a row came before it (each
 * within RESTART_RESET_AFTER_MS of its start): 100 ms, 200 ms, 400 ms … capped at 10 s. A crash loop (a
 * missing Lambda permission, a monolith DNS name that no longer resolves) then costs little CPU, and a one-off
 * crash is replaced at once.
 * @example
 *   restartDelayMs(0); // 100
 *   restartDelayMs(7); // 10000
 */
export function restartDelayMs(consecutiveDeaths: number): number {
  return Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** Math.max(0, Math.min(consecutiveDeaths, 30)));
}

/** The slot's count of deaths in a row after a worker that was up `upMs` died. */
export function nextDeathCount(previous: number, upMs: number): number {
  return upMs >= RESTART_RESET_AFTER_MS ? 0 : previous + 1;
}
