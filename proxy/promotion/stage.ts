import { parseFlagFile, summarizeFlag, type FlagConfig, type StageShare } from '../flags/flag-file.js';
import { flagKeyOf } from '../schemas/flags.js';
import { flagsFileOf, readFlagsText } from '../flags/set-stage.js';
import type { LoadedPlan } from '../plan/load.js';
import type { Route } from '../plan/schema.js';
import { STAGES, type Stage } from '../stages/plan.js';
import { GATED_STAGES } from '../shadow/config.js';

/** Where a route is now, as data: who gets which stage. */
export interface CurrentStage {
  /** Each stage served with its share of contexts (one entry at 100 for a single stage); empty for an invalid flag. */
  shares: StageShare[];
  /** `plan`: the plan's `stage` (static flags, or no flag written yet); `flag`: the flags file. */
  source: 'plan' | 'flag';
  /** Targeting rules or individual targets in the flag, which take precedence over `shares`. */
  targeted: number;
  /** As `strangler report` and audit lines show it: `shadow`, `shadow 90% / live 10%`, `live (flag off)`. */
  text: string;
}

/**
 * The route's current stage from the plan and its flags file. Null with LaunchDarkly flags (they are not readable
 * from here; promotion then treats every forward move as gated).
 * @example
 *   currentStage(loaded, route) // { shares: [{ stage: 'shadow', percent: 90 }, { stage: 'live', percent: 10 }], source: 'flag', targeted: 0, text: 'shadow 90% / live 10%' }
 */
export function currentStage(loaded: LoadedPlan, route: Route): CurrentStage | null {
  const source = loaded.plan.flags.source;
  if (source === 'launchdarkly') return null;
  const fromPlan: CurrentStage = { shares: [{ stage: route.stage, percent: 100 }], source: 'plan', targeted: 0, text: route.stage };
  if (source !== 'file') return fromPlan;
  const { file } = flagsFileOf(loaded);
  let flag: FlagConfig | undefined;
  try {
    const text = readFlagsText(file);
    flag = text === null ? undefined : parseFlagFile(text, file).flags?.[flagKeyOf(route)];
  } catch {
    // An unreadable or invalid flags file: the proxy serves the plan's stages then too.
    return fromPlan;
  }
  if (flag === undefined) return fromPlan;
  const summary = summarizeFlag(flag);
  return { shares: summary.shares, source: 'flag', targeted: summary.targeted, text: summary.text };
}

/** The stage furthest along that any context gets now (null: unknown). */
export function furthestStage(current: CurrentStage | null): Stage | null {
  if (current === null || current.shares.length === 0) return null;
  return current.shares.map((s) => s.stage).reduce((a, b) => (STAGES.indexOf(b) > STAGES.indexOf(a) ? b : a));
}

/**
 * Whether entering `to` is gated: entering live/rampdown/complete, unless that is a step back from the furthest
 * stage the route serves now. Moving back is never gated (it is what an operator does when something is wrong).
 * @example
 *   isGated('live', { shares: [{ stage: 'shadow', percent: 100 }], … }) // true
 *   isGated('shadow', { shares: [{ stage: 'live', percent: 100 }], … }) // false
 */
export function isGated(to: Stage, current: CurrentStage | null): boolean {
  if (!(GATED_STAGES as readonly string[]).includes(to)) return false;
  const furthest = furthestStage(current);
  if (furthest === null) return true;
  return STAGES.indexOf(to) >= STAGES.indexOf(furthest);
}

/**
 * The stage everyone else keeps during a `percent` rollout: the current stage when the route serves exactly one
 * stage other than `to` (undefined otherwise: the flags file's own rule picks it).
 */
export function restOf(current: CurrentStage | null, to: Stage): Stage | undefined {
  if (current === null || current.targeted > 0 || current.shares.length !== 1) return undefined;
  const only = current.shares[0]!.stage;
  return only !== to && current.text === only ? only : undefined;
}
