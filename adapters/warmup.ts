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

/**
 * What an adapter answers to the warm-up event: an HTTP result of payload format 2.0 (every adapter's return type
 * stays `HttpResult`) whose body says the instance is warm.
 */
export const WARMUP_RESULT = Object.freeze({
  statusCode: 200,
  headers: Object.freeze({ 'content-type': 'application/json' }),
  body: '{"warm":true}',
});

export type WarmupResult = typeof WARMUP_RESULT;

export function isWarmupEvent(event: unknown): event is WarmupEvent {
  return typeof event === 'object' && event !== null && (event as { source?: unknown }).source === WARMUP_SOURCE;
}
