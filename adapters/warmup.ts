/**
 * The warm-up event: what `strangler promote --prewarm N` sends to start N instances of a function before its
 * stage changes. An adapter answers it without running the wrapped app (the instance's init, which is the cold
 * start being absorbed, has already run by then). Not an HTTP event of any source, so no event converter mistakes
 * it for a request; the shape follows the common convention of an object with a `source` field (as scheduled
 * EventBridge events have).
 */
export const WARMUP_SOURCE = 'strangler.warmup';

export interface WarmupEvent {
  source: typeof WARMUP_SOURCE;
}

/** The event prewarming sends. */
export const WARMUP_EVENT: Readonly<WarmupEvent> = Object.freeze({ source: WARMUP_SOURCE });

/** What an adapter answers to the warm-up event. */
export interface WarmupResult {
  warm: true;
}

export function isWarmupEvent(event: unknown): event is WarmupEvent {
  return typeof event === 'object' && event !== null && (event as { source?: unknown }).source === WARMUP_SOURCE;
}
