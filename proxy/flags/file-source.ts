import { watch, watchFile, unwatchFile, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { LDFeatureStore, LDLogger, LDOptions } from '@launchdarkly/node-server-sdk';
import { FileDataSourceFactory } from '@launchdarkly/node-server-sdk/integrations';
import { parse as parseYaml } from 'yaml';
import { FlagsError } from './errors.js';
import { parseFlagFile, type FlagFile } from './flag-file.js';
import type { FlagsLogger } from './logger.js';

/** How long after the last file event the file is read: one reload per burst of writes (editors write in steps). */
export const RELOAD_DEBOUNCE_MS = 25;
/**
 * A read that fails (missing, empty, invalid) is re-read once after this delay before it counts: an in-place
 * write is a truncate then a write, and a reader can land in between.
 */
export const CONFIRM_FAILURE_MS = 100;
/** Poll interval used only when the folder cannot be watched. */
export const FALLBACK_POLL_MS = 500;

type UpdateProcessorFactory = Extract<NonNullable<LDOptions['updateProcessor']>, (...args: never[]) => unknown>;

export interface WatchedFlagFile {
  /** For `LDOptions.updateProcessor`. */
  factory: UpdateProcessorFactory;
  /** Settles after the first load attempt: true when flags were loaded. */
  firstAttempt: Promise<boolean>;
}

/**
 * The SDK's file data source, hardened. The SDK's own watcher (`autoUpdate: true`) crashes the process with an
 * unhandled ENOENT rejection when the file is deleted, stops watching after a file is replaced by rename (it
 * watches the old inode), and cannot recover from a file that is missing at start (see
 * docs/launchdarkly.md). So strangler watches the file's folder itself, checks each new version of
 * the file, and only then lets a one-shot SDK FileDataSource (`autoUpdate: false`) load it into the client's store:
 * parsing, flag preprocessing and change events stay the SDK's.
 *
 * - deleted / unreadable: one error log line, the last good flags stay; reloaded when the file is back.
 * - truncated / invalid: one error log line naming the problem, the last good flags stay; reloaded when valid.
 * - replaced by rename (atomic save): seen like any other change, since the folder is watched, not the inode.
 * - missing or invalid at start: the client stays not-ready (default stages) until a valid file appears.
 *
 * @example
 *   const file = watchedFlagFile('/etc/strangler/flags.json', { logger, onLoad: () => refresh() });
 *   const client = init('file', { updateProcessor: file.factory, sendEvents: false });
 */
export function watchedFlagFile(
  path: string,
  options: { logger: FlagsLogger; sdkLogger: LDLogger; onLoad: (flags: FlagFile) => void; debounceMs?: number; confirmFailureMs?: number },
): WatchedFlagFile {
  const { logger, onLoad } = options;
  const debounceMs = options.debounceMs ?? RELOAD_DEBOUNCE_MS;
  const confirmFailureMs = options.confirmFailureMs ?? CONFIRM_FAILURE_MS;
  const sdkFactory = new FileDataSourceFactory({
    paths: [path],
    autoUpdate: false,
    yamlParser: (text: string) => parseYaml(text) as unknown,
    logger: options.sdkLogger,
  }).getFactory();
  let settleFirst: (loaded: boolean) => void = () => {};
  const firstAttempt = new Promise<boolean>((resolve) => (settleFirst = resolve));

  const factory: UpdateProcessorFactory = (clientContext, dataSourceUpdates, initSuccessHandler) => {
    let lastGoodText: string | undefined;
    let lastError: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    let loading = false;
    let again = false;
    let closed = false;
    let watcher: FSWatcher | undefined;
    let polling = false;
    /** The last check failed and a confirming re-read is scheduled. */
    let confirming = false;
    let confirmTimer: NodeJS.Timeout | undefined;

    /** One SDK FileDataSource run: resolves when the store holds the file's flags, rejects on any SDK error. */
    const loadIntoSdk = () =>
      new Promise<void>((resolve, reject) => {
        const source = sdkFactory(clientContext, dataSourceUpdates as unknown as LDFeatureStore, resolve, reject);
        source.start();
      });

    const fail = (err: FlagsError) => {
      if (!confirming) {
        confirming = true;
        confirmTimer = setTimeout(() => void check(), confirmFailureMs);
        confirmTimer.unref();
        return;
      }
      confirming = false;
      // One line per distinct problem, not one per file event (an editor saving in steps fires several).
      if (err.message !== lastError) {
        lastError = err.message;
        logger.error({ err: { code: err.code, message: err.message }, file: path, event: 'flags_file_error' }, `${err.message}; keeping the last good flags`);
      }
    };

    const check = async (): Promise<void> => {
      if (closed) return;
      if (loading) {
        again = true;
        return;
      }
      loading = true;
      let loaded = false;
      try {
        let text: string;
        try {
          text = await readFile(path, 'utf8');
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          fail(
            new FlagsError('STRANGLER_FLAGS_FILE_UNREADABLE', `${path}: ${code === 'ENOENT' ? 'flags file not found (deleted?)' : (err as Error).message}`, {
              cause: err,
            }),
          );
          return;
        }
        if (text === lastGoodText) {
          loaded = true;
          confirming = false;
          return;
        }
        let flags: FlagFile;
        try {
          flags = parseFlagFile(text, path);
        } catch (err) {
          fail(err instanceof FlagsError ? err : new FlagsError('STRANGLER_FLAGS_FILE_INVALID', `${path}: ${(err as Error).message}`));
          return;
        }
        try {
          await loadIntoSdk();
        } catch (err) {
          fail(new FlagsError('STRANGLER_FLAGS_FILE_INVALID', `${path}: ${(err as Error).message}`, { cause: err }));
          return;
        }
        if (closed) return;
        const recovered = lastError !== undefined;
        confirming = false;
        lastGoodText = text;
        lastError = undefined;
        loaded = true;
        logger.info(
          { file: path, event: 'flags_file_loaded', flags: Object.keys(flags.flags ?? {}).length, recovered },
          recovered ? 'flags file valid again: reloaded' : 'flags file loaded',
        );
        initSuccessHandler();
        onLoad(flags);
      } catch (err) {
        // Nothing above should throw; if something does, keep serving and say so rather than crash the proxy.
        logger.error({ err, file: path, event: 'flags_file_error' }, 'unexpected error reloading the flags file');
      } finally {
        loading = false;
        // Start-up waits for a confirmed outcome, so a missing file is reported before the proxy starts serving.
        if (loaded || !confirming) settleFirst(loaded);
        if (again && !closed) {
          again = false;
          schedule();
        }
      }
    };

    const schedule = () => {
      if (closed) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        void check();
      }, debounceMs);
      timer.unref();
    };

    const pollFallback = (reason: unknown) => {
      if (polling || closed) return;
      polling = true;
      logger.warn({ err: reason, file: path, event: 'flags_file_watch_error' }, `cannot watch the flags file's folder; polling every ${FALLBACK_POLL_MS} ms`);
      watchFile(path, { interval: FALLBACK_POLL_MS, persistent: false }, schedule);
    };

    const startWatching = () => {
      const name = basename(path);
      try {
        // The folder, not the file: survives deletion and rename-over; `filename` can be null on some platforms.
        watcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
          if (filename === null || filename === name) schedule();
        });
        watcher.on('error', (err) => {
          watcher?.close();
          watcher = undefined;
          pollFallback(err);
        });
      } catch (err) {
        pollFallback(err);
      }
    };

    const stop = () => {
      closed = true;
      if (timer) clearTimeout(timer);
      if (confirmTimer) clearTimeout(confirmTimer);
      watcher?.close();
      if (polling) unwatchFile(path);
      settleFirst(false);
    };

    return {
      start: () => {
        startWatching();
        void check();
      },
      stop,
      close: stop,
    };
  };

  return { factory, firstAttempt };
}
