import { isStranglerError } from '../errors/index.js';
import { loadPlanFileOffThread } from '../plan/load-async.js';
import { formatProblem, PlanError, type LoadedPlan } from '../plan/load.js';
import { WATCH_DEBOUNCE_MS, watchFiles, type FileWatcher } from '../plan/watch-files.js';
import type { Proxy, ReloadResult } from './create.js';

export interface WatchPlanOptions {
  /**
   * Reads and validates the plan. Default `loadPlanFileOffThread` (the CLI adds its `--port` overrides to it): a
   * large plan is parsed and validated on a worker thread while this one keeps serving.
   */
  load?: (file: string) => LoadedPlan | Promise<LoadedPlan>;
  /** Reload when the file changes. Default true. */
  watchFile?: boolean;
  /** Reload on this signal; false: none. Default `SIGHUP`. */
  signal?: NodeJS.Signals | false;
  /** Quiet time after the last file event before reloading (editors write in several steps). Default 100 ms. */
  debounceMs?: number;
}

export interface PlanWatcher {
  /**
   * Reloads now. Resolves the result, or undefined when the plan was rejected (and logged). A reload asked for
   * while one runs starts when it is done (once, however many were asked for).
   */
  reload(): Promise<ReloadResult | undefined>;
  /** Stops watching and removes the signal listener. */
  close(): void;
}

export { WATCH_DEBOUNCE_MS };

/**
 * Hot reload for a proxy serving a plan file: on SIGHUP and when the file changes, load and validate it, and swap
 * it in with `proxy.reload`. An invalid plan is rejected with the same problem list as `strangler plan validate`
 * (logged as `problems`), and the old plan keeps serving.
 *
 * The file is watched as `watchFiles` does it (its directory, so editors' rename-on-save is seen; a `touch` that
 * leaves the text unchanged does not reload).
 * @example
 *   const watcher = watchPlan(proxy, 'migration-plans/shop.yaml');
 *   // … later
 *   watcher.close();
 */
export function watchPlan(
  proxy: Pick<Proxy, 'reload' | 'prepareReload' | 'logger' | 'proxyMetrics' | 'generation'>,
  file: string,
  options: WatchPlanOptions = {},
): PlanWatcher {
  const load = options.load ?? loadPlanFileOffThread;
  const debounceMs = options.debounceMs ?? WATCH_DEBOUNCE_MS;
  const signal = options.signal ?? 'SIGHUP';
  const logger = proxy.logger;
  let watcher: FileWatcher | undefined;

  // The plan is loaded off this thread and its router built in slices (prepareReload): requests keep flowing
  // while a plan of thousands of routes is reloaded; only the final swap is synchronous.
  const reloadOnce = async (trigger: string): Promise<ReloadResult | undefined> => {
    watcher?.snapshot();
    let loaded = false;
    try {
      const next = await load(file);
      loaded = true;
      return proxy.reload(next, await proxy.prepareReload(next));
    } catch (err) {
      // A plan that does not load is counted here; `proxy.reload` counts its own failures.
      if (!loaded) proxy.proxyMetrics.reloads.labels('failure').inc();
      if (err instanceof PlanError) {
        const problems = err.problems.map(formatProblem);
        logger.error(
          { event: 'plan.reload', trigger, plan: file, problems, generation: proxy.generation },
          `plan reload rejected (${problems.length} problem(s)); still serving generation ${proxy.generation}`,
        );
      } else if (isStranglerError(err)) {
        // A plan that validates but cannot be applied (e.g. STRANGLER_SHADOW_STORE_PATH_CHANGED): say what and why.
        logger.error(
          { event: 'plan.reload', trigger, plan: file, err: { code: err.code, message: err.message }, generation: proxy.generation },
          `plan reload rejected: ${err.code}: ${err.message}; still serving generation ${proxy.generation}`,
        );
      } else {
        logger.error({ event: 'plan.reload', trigger, plan: file, err, generation: proxy.generation }, 'plan reload failed; the old plan keeps serving');
      }
      return undefined;
    }
  };
  let running: Promise<ReloadResult | undefined> | undefined;
  let queued: Promise<ReloadResult | undefined> | undefined;
  const reload = (trigger: string): Promise<ReloadResult | undefined> => {
    if (running === undefined) {
      running = reloadOnce(trigger).finally(() => (running = undefined));
      return running;
    }
    queued ??= running.then(() => {
      queued = undefined;
      return reload(trigger);
    });
    return queued;
  };

  if (options.watchFile ?? true) {
    watcher = watchFiles([file], () => void reload('file'), {
      debounceMs,
      onError: (err) => logger.error({ event: 'plan.watch', plan: file, err }, 'watching the plan file failed; SIGHUP still reloads'),
    });
  }
  const onSignal = (): void => {
    logger.info({ event: 'plan.reload', trigger: signal, plan: file }, `${signal}: reloading the plan`);
    void reload(String(signal));
  };
  if (signal !== false) process.on(signal, onSignal);

  return {
    reload: () => reload('api'),
    close() {
      watcher?.close();
      if (signal !== false) process.off(signal, onSignal);
    },
  };
}
