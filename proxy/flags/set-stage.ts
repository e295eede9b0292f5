import { readFileSync, writeFileSync } from 'node:fs';
import { resolvePlanPath, type LoadedPlan } from '../plan/load.js';
import type { Stage } from '../stages/plan.js';
import { FlagsError } from './errors.js';
import { assignStage, parseFlagFile, renderFlagFile, summarizeFlag, type FlagConfig, type FlagSummary } from './flag-file.js';
import { flagKeyOf, type FileFlagsConfig } from '../schemas/flags.js';

/** What a route's flag serves after `setFlagStage`. */
export interface FlagStageSet {
  /** The flags file written. */
  file: string;
  route: string;
  key: string;
  flag: FlagConfig;
  summary: FlagSummary;
}

/**
 * Writes a route's migration flag in the plan's flags file (flags.source: file), in place and with its version
 * bumped, so a running proxy reloads it within a second: `stage` for everyone, or for `percent` % of contexts
 * with `rest` (default: the current rollout's other stage, else the route's plan stage) for the others. Targeting
 * rules and individual targets already in the flag are kept. Throws STRANGLER_FLAGS_NOT_FILE_SOURCE,
 * STRANGLER_FLAGS_UNKNOWN_ROUTE (404), STRANGLER_FLAGS_FILE_INVALID, STRANGLER_FLAGS_FILE_UNREADABLE.
 * `strangler flags set` and promotion (proxy/promotion) both write the flag with it.
 * @example
 *   setFlagStage(loadPlanFile('shop.yaml'), 'products', { stage: 'live', percent: 20, rest: 'shadow' }).summary.text
 *   // 'shadow 80% / live 20%'
 */
export function setFlagStage(
  loaded: LoadedPlan,
  routeId: string,
  assignment: { stage: Stage; percent?: number | undefined; rest?: Stage | undefined },
): FlagStageSet {
  const { file, config } = flagsFileOf(loaded);
  const route = loaded.plan.routes.find((r) => r.id === routeId);
  if (!route) {
    const known = loaded.plan.routes.map((r) => r.id).join(', ') || '(none)';
    throw new FlagsError('STRANGLER_FLAGS_UNKNOWN_ROUTE', `${loaded.file}: no route "${routeId}" (routes: ${known})`, { statusCode: 404 });
  }
  const key = flagKeyOf(route);
  // An empty file (a truncated write) holds no flags worth keeping: start a fresh one.
  const previousText = emptyToNull(readFlagsText(file));
  const current = previousText === null ? undefined : parseFlagFile(previousText, file);
  if (current?.flagValues && key in current.flagValues) {
    throw new FlagsError(
      'STRANGLER_FLAGS_FILE_INVALID',
      `${file}: flagValues.${key}: a simple flag value cannot carry stages or rollouts; move it to "flags" or delete it`,
    );
  }
  const existing = current?.flags?.[key];
  const { stage, percent } = assignment;
  const rest = percent === undefined ? undefined : (assignment.rest ?? currentRest(existing, stage) ?? route.stage);
  const flag = assignStage(key, existing, { stage, percent, rest, contextKind: config.context.kind });
  // In place, not write-and-rename: the file keeps its inode, so any watcher of the file itself sees the change.
  writeFileSync(file, renderFlagFile(previousText, file, flag));
  return { file, route: route.id, key, flag, summary: summarizeFlag(flag) };
}

/** The plan's flags file; throws STRANGLER_FLAGS_NOT_FILE_SOURCE for the other flag sources. */
export function flagsFileOf(loaded: LoadedPlan): { file: string; config: FileFlagsConfig } {
  const flags = loaded.plan.flags;
  if (flags.source !== 'file') {
    throw new FlagsError(
      'STRANGLER_FLAGS_NOT_FILE_SOURCE',
      flags.source === 'launchdarkly'
        ? `${loaded.file}: flags come from LaunchDarkly (flags.source: launchdarkly): change the flag there`
        : `${loaded.file}: flags.source is static: set the route's stage in the plan, or use flags.source: file`,
    );
  }
  const config = flags as FileFlagsConfig;
  return { file: resolvePlanPath(loaded, config.path), config };
}

/** The flags file's text; null when it does not exist yet. */
export function readFlagsText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new FlagsError('STRANGLER_FLAGS_FILE_UNREADABLE', `${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** For a ramp (`percent` without `rest`): the other stage of a current two-way rollout towards `stage`. */
function currentRest(flag: FlagConfig | undefined, stage: Stage): Stage | undefined {
  const shares = flag ? summarizeFlag(flag).shares : [];
  const others = shares.filter((s) => s.stage !== stage);
  return others.length === 1 ? others[0]!.stage : undefined;
}

function emptyToNull(text: string | null): string | null {
  return text !== null && text.trim() === '' ? null : text;
}
