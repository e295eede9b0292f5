import { readFileSync } from 'node:fs';
import { parseFlagFile, summarizeFlag } from '../../flags/flag-file.js';
import { flagKeyOf, type FileFlagsConfig } from '../../schemas/flags.js';
import { resolvePlanPath, type LoadedPlan } from '../../plan/load.js';
import { resolveStoreTarget, type StoreTarget } from '../config.js';
import { ShadowError, SHADOW_ERROR_CODES } from '../errors.js';
import { compileShadowRoutes } from '../runner/routes.js';
import { mergeStats } from '../store/read.js';
import { openResultsStore } from '../store/open.js';
import { redactPgUrl } from '../store/pg-store.js';
import type { ResultsStore, RouteStats, StoredEvent } from '../store/types.js';
import { buildReport, type ShadowReport } from './build.js';

/**
 * The stores of a plan: `--store` files given, else the plan's store: its `shadow.store.path` for its listen port,
 * or the fleet's PostgreSQL database (`kind: postgres`).
 */
export function storeTargets(loaded: Pick<LoadedPlan, 'plan' | 'dir'>, given: readonly string[]): StoreTarget[] {
  if (given.length > 0) return given.map((path) => ({ kind: 'sqlite', path }));
  const target = resolveStoreTarget(loaded.plan.shadow, loaded.dir, loaded.plan.listen.port);
  if (target.kind === 'sqlite' && target.path === ':memory:') {
    throw new ShadowError(SHADOW_ERROR_CODES.storeMissing, 'shadow.store.path is :memory: (nothing is kept on disk): use --admin URL to ask the running proxy');
  }
  return [target];
}

/** Opens a plan's store to read (or to add an event): a SQLite file must exist; nothing is pruned. */
export function openForReading(target: StoreTarget, samples = 1): ResultsStore {
  return openResultsStore(target, { maxSamples: Math.max(samples, 1), retentionDays: 3650, flushIntervalMs: 0 }, { reader: true });
}

/**
 * Each route's stage as the plan and its flags say (static: the route's `stage`; file: the flag in the flags
 * file, e.g. `shadow 80% / live 20%`; LaunchDarkly: unknown here, null). A running proxy's pins are not visible
 * from files: the admin API (`--admin`) reports them.
 */
export function currentStages(loaded: LoadedPlan): Map<string, string> {
  const stages = new Map<string, string>();
  const flags = loaded.plan.flags;
  if (flags.source === 'launchdarkly') return stages;
  let flagData: ReturnType<typeof parseFlagFile> | undefined;
  if (flags.source === 'file') {
    const file = resolvePlanPath(loaded, (flags as FileFlagsConfig).path);
    try {
      flagData = parseFlagFile(readFileSync(file, 'utf8'), file);
    } catch {
      flagData = undefined;
    }
  }
  for (const route of loaded.plan.routes) {
    const flag = flagData?.flags?.[flagKeyOf(route)];
    stages.set(route.id, flag ? summarizeFlag(flag).text : route.stage);
  }
  return stages;
}

/** Reads and sums the stats of several stores (replicas' files; a fleet's database is one already), per route. */
export async function readStores(targets: readonly StoreTarget[], route: string | undefined, samples: number, since?: number): Promise<RouteStats[]> {
  const merged = new Map<string, RouteStats>();
  for (const target of targets) {
    const store = openForReading(target, samples);
    try {
      for (const s of await store.readStats(route, { samples, ...(since !== undefined ? { since } : {}) })) {
        const have = merged.get(s.route);
        merged.set(s.route, have ? mergeStats(have, s, samples) : s);
      }
    } finally {
      await store.close();
    }
  }
  return [...merged.values()];
}

/**
 * The report of a plan from its store files, as `GET /shadow/report` would give it (stages from the plan and
 * flags file instead of the running resolver, unless the store says a pin or an automatic rollback overrode them);
 * `since` (epoch ms): results from then on. Throws STRANGLER_SHADOW_UNKNOWN_ROUTE, …_STORE_MISSING.
 */
export async function localReport(
  loaded: LoadedPlan,
  options: { stores?: readonly string[]; route?: string; samples?: number; since?: number },
): Promise<ShadowReport> {
  const targets = storeTargets(loaded, options.stores ?? []);
  const samples = options.samples ?? 5;
  const stats = await readStores(targets, options.route, samples, options.since);
  const routes = compileShadowRoutes(loaded.plan);
  if (options.route !== undefined) {
    if (
      !routes.has(options.route) &&
      !stats.some((s) => s.route === options.route && (s.compared > 0 || Object.keys(s.skipped).length > 0 || s.events.length > 0))
    ) {
      const known = [...routes.keys()].join(', ') || '(none)';
      throw new ShadowError(SHADOW_ERROR_CODES.unknownRoute, `no route "${options.route}" in ${loaded.file} or the shadow store (routes: ${known})`);
    }
    for (const id of [...routes.keys()]) if (id !== options.route) routes.delete(id);
  }
  const stages = currentStages(loaded);
  for (const s of stats) {
    const pinned = pinnedStage(s.events);
    if (pinned !== undefined) stages.set(s.route, pinned);
  }
  return buildReport(stats, { routes, stages, sources: targets.map((t) => (t.kind === 'sqlite' ? t.path : redactPgUrl(t.url))), samples });
}

/**
 * The stage a proxy writing this store last pinned the route to, from the store's events (most recent first): an
 * automatic rollback pins `shadow`, an admin pin its stage; an unpin or a promotion since hands the route back to
 * its flag. Undefined when the flag's stage holds. With SQLite a pin lives in the running proxy's memory (a restart drops it):
 * the text says where it comes from, and `--admin` asks the proxy itself.
 * @example
 *   pinnedStage([{ kind: 'rollback', at: 0, message: '…' }]) // 'shadow (automatic rollback at 1970-01-01T00:00:00.000Z)'
 */
export function pinnedStage(events: readonly Pick<StoredEvent, 'kind' | 'at' | 'detail'>[]): string | undefined {
  for (const e of events) {
    const at = new Date(e.at).toISOString();
    if (e.kind === 'rollback') return `shadow (automatic rollback at ${at})`;
    const stage = (e.detail as { stage?: unknown } | undefined)?.stage;
    if (e.kind === 'pin' && typeof stage === 'string') return `${stage} (pinned at ${at})`;
    if (e.kind === 'unpin' || e.kind.startsWith('promote')) return undefined;
  }
  return undefined;
}
