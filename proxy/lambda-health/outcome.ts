import type { InvocationOutcome } from './health.js';

/** What the Lambda target knows about how an invocation ended (a structural view of its classification). */
export interface ClassifiedInvocation {
  ok: boolean;
  /** proxy/fallback's failure kind (`timeout`, `throttled`, `functionError`…) when not ok. */
  failureKind?: string | undefined;
  /** The client went away (or the proxy closed) and the proxy stopped waiting: says nothing about the function. */
  aborted?: boolean | undefined;
}

/**
 * The `outcome` label of an invocation (pure); null for one the proxy abandoned itself (not counted).
 * @example
 *   invocationOutcome({ ok: false, failureKind: 'throttled' }) // → 'throttled'
 */
export function invocationOutcome(c: ClassifiedInvocation): InvocationOutcome | null {
  if (c.aborted) return null;
  if (c.ok) return 'ok';
  switch (c.failureKind) {
    case 'timeout':
      return 'timeout';
    case 'throttled':
      return 'throttled';
    // The function ran and failed, or answered something unusable (its response too big, an invalid result, a
    // 5xx that counts as a failure: route `fallback.serverErrors`, `fallback.onStatus`).
    case 'functionError':
    case 'badResponse':
    case 'status':
    case 'payloadTooLarge':
      return 'function_error';
    default:
      return 'error';
  }
}
