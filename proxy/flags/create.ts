import { init, type LDClient, type LDEvaluationDetail, type LDOptions } from '@launchdarkly/node-server-sdk';
import type { integrations } from '@launchdarkly/node-server-sdk';
import { resolvePlanPath, type LoadedPlan } from '../plan/load.js';
import { contextBuilder } from './context.js';
import { FlagsError } from './errors.js';
import { watchedFlagFile } from './file-source.js';
import { flagsLoggers, sdkLogger, type FlagsLogger, type FlagsRootLogger } from './logger.js';
import { FlagStageResolver, type FlagEngine } from './stage-resolver.js';
import type { FileFlagsConfig, LaunchDarklyFlagsConfig } from '../schemas/flags.js';
import { FlagStore } from './store.js';

/** The bounded wait for a local flags file at start-up (a file loads in milliseconds; this only caps a stuck disk). */
export const FILE_INIT_TIMEOUT_MS = 5_000;
/** The same SDK error (e.g. a flag serving a value that is not a stage) is logged at most once per this period. */
export const SDK_ERROR_LOG_INTERVAL_MS = 60_000;

export interface StageResolverOptions {
  /** The proxy's logger: resolver lines are logged with `component: flags`, the SDK's with `component: launchdarkly`. */
  logger: FlagsRootLogger;
  /** Where `flags.sdkKeyEnv` is read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** SDK options applied last (tests: a TestData `updateProcessor`, a short `flushInterval`). */
  ldOptions?: LDOptions;
  /** File source: delay between a file event and the reload. Default 25 ms. */
  reloadDebounceMs?: number;
  /** File source: a failed read is re-read after this delay before it is logged and counted. Default 100 ms. */
  confirmFailureMs?: number;
}

/**
 * The stage resolver for a plan's `flags` section: `static` answers plan stages; `file` and `launchdarkly` evaluate
 * each route's migration flag with the LaunchDarkly SDK. Resolves once flags are loaded or the bounded wait is
 * over; never rejects because flags are unavailable (the proxy then serves default stages and `ready()` is false).
 * Rejects only for configuration errors (STRANGLER_FLAGS_SDK_KEY_MISSING).
 * @example
 *   const resolver = await createStageResolver(loadPlanFile('shop.yaml'), { logger });
 *   const proxy = createProxy(plan, { stageResolver: resolver });
 */
export async function createStageResolver(loaded: Pick<LoadedPlan, 'plan' | 'dir'>, options: StageResolverOptions): Promise<FlagStageResolver> {
  const { plan } = loaded;
  const { flags: logger, launchdarkly: ldLogger } = flagsLoggers(options.logger);
  const flags = plan.flags;
  if (flags.source === 'static') {
    const resolver = new FlagStageResolver(plan.routes, { logger });
    resolver.started();
    return resolver;
  }

  const store = new FlagStore();
  const details = new WeakMap<object, LDEvaluationDetail>();
  const base: LDOptions = {
    featureStore: store,
    hooks: [detailHook(details)],
    logger: sdkLogger(ldLogger),
    application: { id: 'strangler' },
  };
  let resolver: FlagStageResolver | undefined;
  const refresh = () => resolver?.refresh('flag');

  let client: LDClient;
  let label: string;
  let wait: Promise<unknown>;
  let waitMs: number;
  if (flags.source === 'file') {
    const path = resolvePlanPath(loaded, (flags as FileFlagsConfig).path);
    const file = watchedFlagFile(path, {
      logger,
      sdkLogger: base.logger!,
      onLoad: refresh,
      debounceMs: options.reloadDebounceMs,
      confirmFailureMs: options.confirmFailureMs,
    });
    // The key is never sent anywhere: with a custom data source and no events the SDK makes no network calls.
    client = init('strangler-flags-file', { ...base, updateProcessor: file.factory, sendEvents: false, diagnosticOptOut: true, ...options.ldOptions });
    label = `flags file ${path}`;
    waitMs = FILE_INIT_TIMEOUT_MS;
    wait = options.ldOptions?.updateProcessor ? client.waitForInitialization({ timeout: waitMs / 1000 }) : file.firstAttempt;
  } else {
    const ld = flags as LaunchDarklyFlagsConfig;
    const sdkKey = (options.env ?? process.env)[ld.sdkKeyEnv];
    if (!sdkKey) {
      throw new FlagsError(
        'STRANGLER_FLAGS_SDK_KEY_MISSING',
        `environment variable ${ld.sdkKeyEnv} (named by flags.sdkKeyEnv) is not set: it must hold the LaunchDarkly server-side SDK key`,
      );
    }
    client = init(sdkKey, {
      ...base,
      ...(ld.baseUri ? { baseUri: ld.baseUri } : {}),
      ...(ld.streamUri ? { streamUri: ld.streamUri } : {}),
      ...(ld.eventsUri ? { eventsUri: ld.eventsUri } : {}),
      sendEvents: ld.events,
      ...options.ldOptions,
    });
    label = 'LaunchDarkly';
    waitMs = ld.initTimeoutMs;
    wait = client.waitForInitialization({ timeout: waitMs / 1000 });
  }

  const events = flags.source === 'launchdarkly' && (options.ldOptions?.sendEvents ?? (flags as LaunchDarklyFlagsConfig).events);
  const engine: FlagEngine = { client, store, buildContext: contextBuilder(flags.context), details, events, label };
  resolver = new FlagStageResolver(plan.routes, { logger, engine });
  client.on('update', refresh);
  client.on('ready', () => {
    logger.info({ source: flags.source }, 'flags loaded');
    refresh();
  });
  client.on('error', rateLimited(ldLogger));

  await boundedWait(wait, waitMs);
  if (!client.initialized()) {
    logger.warn(
      { source: flags.source, waitedMs: waitMs },
      `flags not loaded (${label}): serving each route's default stage; readiness reports degraded until flags arrive`,
    );
  }
  resolver.started();
  return resolver;
}

/**
 * Waits for the first load, at most `ms`. The timer is deliberately not unref'd: the file watcher and its retry
 * timers are, so while the CLI is still starting (nothing listens yet) this timer is what keeps the process alive.
 * Without it a missing flags file let the event loop empty and `strangler proxy` exit 0 without a word.
 */
async function boundedWait(wait: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([
      wait.then(
        () => {},
        () => {},
      ),
      expired,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * An SDK hook that keeps each evaluation's detail (reason, variation index), keyed by the context object the
 * resolver created for that request: `migrationVariation` returns only the value, and the reason tells a real
 * `off` from the default served for a missing or broken flag. The hook runs before `migrationVariation` resolves.
 */
function detailHook(details: WeakMap<object, LDEvaluationDetail>): integrations.Hook {
  return {
    getMetadata: () => ({ name: 'strangler-stage-source' }),
    afterEvaluation: (hookContext, data, detail) => {
      if (typeof hookContext.context === 'object' && hookContext.context !== null) details.set(hookContext.context, detail);
      return data;
    },
  };
}

function rateLimited(logger: FlagsLogger): (err: unknown) => void {
  const last = new Map<string, number>();
  return (err) => {
    const message = err instanceof Error ? err.message : String(err);
    const now = Date.now();
    if ((last.get(message) ?? -Infinity) + SDK_ERROR_LOG_INTERVAL_MS > now) return;
    if (last.size > 100) last.clear();
    last.set(message, now);
    logger.warn({ err: { message } }, `LaunchDarkly SDK: ${message}`);
  };
}
