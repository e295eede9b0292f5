import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

/** The default quiet time after the last file event before reacting. */
export const WATCH_DEBOUNCE_MS = 100;

export interface FileWatcher {
  /** Watches these files from now on (a reloaded plan may name another functions file or template). */
  setFiles(files: readonly string[]): void;
  /** Takes the files' current text as the known state (after a reload the caller did itself). */
  snapshot(): void;
  close(): void;
}

export interface WatchFilesOptions {
  /** Quiet time after the last file event (editors write in several steps). Default 100 ms. */
  debounceMs?: number;
  /** A directory could not be watched; signals still reload. */
  onError?: (err: Error, dir: string) => void;
}

/**
 * Calls `onChange` when the text of any of `files` changes: the plan and the files it points to.
 *
 * Each file's directory is watched, not the file: editors save by writing a new file and renaming it over the old
 * one, which ends a watch on the old file's inode. Events for other files are ignored, and an event that left every
 * text unchanged (a `touch`) calls nothing.
 * @example
 *   const watcher = watchFiles(['plan.yaml', 'template.yaml'], () => reload('file'));
 *   watcher.close();
 */
export function watchFiles(files: readonly string[], onChange: () => void, options: WatchFilesOptions = {}): FileWatcher {
  const debounceMs = options.debounceMs ?? WATCH_DEBOUNCE_MS;
  let paths: string[] = [];
  let texts = new Map<string, string | undefined>();
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;

  const snapshot = (): void => {
    texts = new Map(paths.map((p) => [p, readText(p)]));
  };
  const onEvent = (dir: string, changed: string | null): void => {
    if (changed !== null && !paths.some((p) => dirname(p) === dir && basename(p) === changed)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (paths.every((p) => readText(p) === texts.get(p))) return;
      snapshot();
      onChange();
    }, debounceMs);
  };
  const setFiles = (next: readonly string[]): void => {
    paths = [...new Set(next.map((f) => resolve(f)))];
    snapshot();
    const dirs = new Set(paths.map((p) => dirname(p)));
    for (const [dir, w] of watchers) if (!dirs.has(dir)) w.close(), watchers.delete(dir);
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, (_event, changed) => onEvent(dir, changed));
        w.on('error', (err) => options.onError?.(err, dir));
        watchers.set(dir, w);
      } catch (err) {
        options.onError?.(err as Error, dir);
      }
    }
  };
  setFiles(files);
  return {
    setFiles,
    snapshot,
    close() {
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
