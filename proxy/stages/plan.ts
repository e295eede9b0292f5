import { STAGES, type Stage } from '../schemas/stages.js';

/**
 * What each migration stage means for a request (the stages themselves are a plan value: proxy/schemas/stages.ts).
 * The read/write rules are LaunchDarkly's migration-flag model
 * (https://docs.launchdarkly.com/home/flag-types/migration-flags). "old" is the monolith, "new" is the Lambda function.
 */
export { STAGES, type Stage };

export type Side = 'monolith' | 'lambda';

/** Methods RFC 9110 §9.2.1 calls safe: reading them twice has no effect, so they may be shadowed and replayed. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/** What the proxy does with one request, decided from the stage and the method alone. */
export interface RequestPlan {
  /** The side whose answer the client gets. */
  serve: Side;
  /** When `serve` is the Lambda: may a failure be answered by the monolith instead (subject to method safety)? */
  fallback: boolean;
  /** The other side, called for comparison only (reads), or null. */
  shadow: Side | null;
  /** For writes on routes with `writes: dual`: the side that gets the second write, whose result is recorded only. */
  secondWrite: Side | null;
}

/**
 * LaunchDarkly's rules. Reads: off/dualwrite → old; shadow → old serves, new shadowed; live → new serves, old
 * shadowed; rampdown → new (old is still there to fall back to); complete → new only.
 * Writes go to the authoritative side only (old up to shadow, new from live on); with `dualWrites` (the function
 * owns separate data) the other side gets the second write in LaunchDarkly's order: dualwrite/shadow write old
 * then new; live/rampdown write new then old.
 */
export function planRequest(stage: Stage, method: string, dualWrites = false): RequestPlan {
  const read = isSafeMethod(method);
  switch (stage) {
    case 'off':
      return { serve: 'monolith', fallback: false, shadow: null, secondWrite: null };
    case 'dualwrite':
      return { serve: 'monolith', fallback: false, shadow: null, secondWrite: !read && dualWrites ? 'lambda' : null };
    case 'shadow':
      return {
        serve: 'monolith',
        fallback: false,
        shadow: read ? 'lambda' : null,
        secondWrite: !read && dualWrites ? 'lambda' : null,
      };
    case 'live':
      return {
        serve: 'lambda',
        fallback: true,
        shadow: read ? 'monolith' : null,
        secondWrite: !read && dualWrites ? 'monolith' : null,
      };
    case 'rampdown':
      return { serve: 'lambda', fallback: true, shadow: null, secondWrite: !read && dualWrites ? 'monolith' : null };
    case 'complete':
      return { serve: 'lambda', fallback: false, shadow: null, secondWrite: null };
  }
}
