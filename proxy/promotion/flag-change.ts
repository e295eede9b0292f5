import { assignStage } from '../flags/flag-file.js';
import { flagKeyOf, type LaunchDarklyFlagsConfig } from '../schemas/flags.js';
import { setFlagStage } from '../flags/set-stage.js';
import type { LoadedPlan } from '../plan/load.js';
import type { Route } from '../plan/schema.js';
import { STAGES, type Stage } from '../stages/plan.js';
import { PromotionError, PROMOTION_ERROR_CODES } from './errors.js';
import { restOf, type CurrentStage } from './stage.js';

/** Flags file: the flag was written (a running proxy reloads it within a second). */
export interface FlagFileChange {
  source: 'file';
  file: string;
  key: string;
  version: number;
  /** What the flag serves now, in words (`shadow 90% / live 10%`). */
  serves: string;
  /** Targeting rules/targets in the flag that still take precedence. */
  targeted: number;
}

/** LaunchDarkly: the change to make there (nothing was changed). */
export interface LaunchDarklyChange {
  source: 'launchdarkly';
  key: string;
  variations: readonly Stage[];
  /** The default rule in words: `"live"`, or `a percentage rollout: live 25%, shadow 75% (by user)`. */
  serve: string;
  /** The flag JSON's `fallthrough` to set. */
  fallthrough: unknown;
}

/** Static stages: the plan field to change (the proxy reloads the plan when it changes). */
export interface StaticChange {
  source: 'static';
  file: string;
  /** e.g. `routes[0].stage`. */
  field: string;
  stage: Stage;
}

export type FlagChange = FlagFileChange | LaunchDarklyChange | StaticChange;

/**
 * Moves the route to `to` (for `percent` % of contexts) through the plan's flag source: a flags file is written;
 * for LaunchDarkly and static stages the exact change to make is returned. Throws STRANGLER_PROMOTE_UNSUPPORTED
 * for a percentage with static stages, and the flags file's own errors (STRANGLER_FLAGS_*).
 */
export function changeStage(loaded: LoadedPlan, route: Route, to: Stage, percent: number | undefined, current: CurrentStage | null): FlagChange {
  const flags = loaded.plan.flags;
  const rest = restOf(current, to);
  if (flags.source === 'file') {
    const set = setFlagStage(loaded, route.id, { stage: to, ...(percent !== undefined ? { percent, rest } : {}) });
    return { source: 'file', file: set.file, key: set.key, version: set.flag.version ?? 0, serves: set.summary.text, targeted: set.summary.targeted };
  }
  if (flags.source === 'launchdarkly') {
    const key = flagKeyOf(route);
    const kind = (flags as LaunchDarklyFlagsConfig).context.kind;
    const other = rest ?? route.stage;
    const flag = assignStage(key, undefined, { stage: to, ...(percent !== undefined ? { percent, rest: other } : {}), contextKind: kind });
    const serve = percent !== undefined && percent < 100 ? `a percentage rollout: ${to} ${percent}%, ${other} ${100 - percent}% (by ${kind})` : `"${to}"`;
    return { source: 'launchdarkly', key, variations: STAGES, serve, fallthrough: flag.fallthrough };
  }
  if (percent !== undefined && percent < 100) {
    throw new PromotionError(PROMOTION_ERROR_CODES.unsupported, 'flags.source is static: a percentage rollout needs flags.source: file or launchdarkly', {
      statusCode: 409,
    });
  }
  const index = loaded.plan.routes.findIndex((r) => r.id === route.id);
  return { source: 'static', file: loaded.file, field: `routes[${index}].stage`, stage: to };
}
