import { isSafeMethod, type Stage } from '../../stages/plan.js';
import type { ShadowSide, SkipReason } from '../store/types.js';
import type { ShadowRoute } from './routes.js';

export type ShadowDecision =
  | { shadow: false; reason?: SkipReason }
  | {
      shadow: true;
      /** The side that served the client (its answer is the one compared against). */
      served: ShadowSide;
      /** The side called in the background. */
      side: ShadowSide;
      /** An unsafe method under the dry-run contract (the call is marked, also in the Lambda client context). */
      dryRun: boolean;
      /** Also call the monolith a second time, to learn noise. */
      noise: boolean;
    };

/**
 * Whether one request is shadowed, decided before its body is read (so the proxy buffers only what it needs).
 * LaunchDarkly's stage rules (proxy/stages/plan.ts): `shadow` → the monolith serves and the Lambda is shadowed;
 * `live` → the Lambda serves and the monolith is shadowed; other stages shadow nothing.
 * Unsafe methods (RFC 9110 §9.2.1) are shadowed only under the route's dry-run contract, only towards the Lambda
 * (the monolith never promised to honour the marker) and never on `writes: dual` routes (the function already
 * gets the real second write).
 */
export function decideShadow(route: ShadowRoute, method: string, stage: Stage, random: () => number = Math.random): ShadowDecision {
  let served: ShadowSide;
  let side: ShadowSide;
  if (stage === 'shadow') [served, side] = ['monolith', 'lambda'];
  else if (stage === 'live') [served, side] = ['lambda', 'monolith'];
  else return { shadow: false };
  const safe = isSafeMethod(method);
  const cfg = route.config;
  if (!safe && (cfg.unsafe !== 'dry-run' || side !== 'lambda' || route.writes === 'dual')) return { shadow: false, reason: 'unsafe' };
  if (cfg.sampleRate < 1 && !(random() < cfg.sampleRate)) return { shadow: false };
  // Noise needs a safe request: the monolith gets it a second time.
  const noise = safe && cfg.noise.mode === 'learn' && random() < cfg.noise.sampleRate;
  return { shadow: true, served, side, dryRun: !safe, noise };
}
