import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ShadowError } from '../errors.js';
import { TRAFFIC_DDL } from './traffic.js';

export { DAY_MS, HOUR_MS, hourOf } from './hours.js';

/**
 * Bumped when the tables change; a store written by a newer strangler is refused rather than misread.
 * 2: counts per hour instead of per day (`report --since 1h`); version 1 stores are migrated on open.
 */
export const STORE_VERSION = 2;

/** The tables whose rows are per route and time bucket. */
export const BUCKETED = ['counts', 'outcomes', 'latency', 'fields'] as const;

/**
 * Counts are kept per route and UTC hour (`hour` = hours since the epoch), so retention drops whole hours and a
 * report can sum any window of whole hours (`--since`). Samples and events are rows with their time, pruned by
 * count and age.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS counts (
  route TEXT NOT NULL, hour INTEGER NOT NULL,
  compared INTEGER NOT NULL DEFAULT 0, matched INTEGER NOT NULL DEFAULT 0, mismatched INTEGER NOT NULL DEFAULT 0,
  noisy INTEGER NOT NULL DEFAULT 0, noise_samples INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (route, hour)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outcomes (
  route TEXT NOT NULL, hour INTEGER NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (route, hour, kind, reason)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS latency (
  route TEXT NOT NULL, hour INTEGER NOT NULL, side TEXT NOT NULL, bucket INTEGER NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (route, hour, side, bucket)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fields (
  route TEXT NOT NULL, hour INTEGER NOT NULL, field TEXT NOT NULL,
  diffs INTEGER NOT NULL DEFAULT 0, raw INTEGER NOT NULL DEFAULT 0, noise INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (route, hour, field)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS samples (
  id INTEGER PRIMARY KEY AUTOINCREMENT, route TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS samples_route ON samples (route, id);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, route TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL,
  message TEXT NOT NULL, detail TEXT
);
CREATE INDEX IF NOT EXISTS events_route ON events (route, id);
`;

export type Db = Database.Database;

/**
 * Opens (creating unless `mustExist`) a results store. WAL lets `strangler report` read while the proxy writes
 * (https://www.sqlite.org/wal.html); `synchronous = NORMAL` is durable across application crashes in WAL mode,
 * which is what counts need. A busy timeout covers the moment another process holds the write lock.
 */
export function openDb(path: string, options: { mustExist?: boolean } = {}): Db {
  const memory = path === ':memory:';
  if (!memory) {
    if (options.mustExist && !existsSync(path)) {
      throw new ShadowError('STRANGLER_SHADOW_STORE_MISSING', `no shadow results store at ${path} (has the proxy shadowed any traffic yet?)`);
    }
    mkdirSync(dirname(path), { recursive: true });
  }
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: Boolean(options.mustExist) && !memory });
    db.pragma('busy_timeout = 5000');
    if (!memory) walMode(db);
    db.pragma('synchronous = NORMAL');
  } catch (err) {
    throw new ShadowError('STRANGLER_SHADOW_STORE_INVALID', `cannot open shadow results store ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > STORE_VERSION) {
      throw new ShadowError(
        'STRANGLER_SHADOW_STORE_INVALID',
        `shadow results store ${path} was written by a newer strangler (store version ${version}, this one reads ${STORE_VERSION})`,
      );
    }
    db.transaction(() => {
      if (version === 1) {
        // Version 1 kept one row per UTC day: it becomes the day's first hour (a window starting later that day
        // no longer includes it, which errs on the side of less evidence).
        for (const table of BUCKETED) db.exec(`ALTER TABLE ${table} RENAME COLUMN day TO hour; UPDATE ${table} SET hour = hour * 24;`);
      }
      db.exec(DDL);
      // The traffic inventory's tables (./traffic.ts): new tables only, so stores of every version gain them on open.
      db.exec(TRAFFIC_DDL);
      if (version < STORE_VERSION) db.pragma(`user_version = ${STORE_VERSION}`);
    })();
  } catch (err) {
    db.close();
    if (err instanceof ShadowError) throw err;
    throw new ShadowError('STRANGLER_SHADOW_STORE_INVALID', `${path} is not a shadow results store: ${(err as Error).message}`, { cause: err });
  }
  return db;
}

/**
 * Switches the file to WAL. The switch needs a moment's exclusive lock, and SQLite answers SQLITE_BUSY at once rather
 * than through the busy handler when another process holds the file (workers of one `--workers` proxy opening the
 * same new store together): retried for up to the busy timeout.
 */
function walMode(db: Db): void {
  const waitMs = 50;
  for (let tries = 100; ; tries--) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (tries <= 0 || (err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
      // A synchronous open has nothing else to do meanwhile (this runs once per store, at start-up).
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, waitMs);
    }
  }
}

/** Deletes everything stored about a route except its events (rollbacks, promotions, resets stay as history). */
export function deleteRoute(db: Db, route: string): void {
  db.transaction(() => {
    for (const table of [...BUCKETED, 'samples']) db.prepare(`DELETE FROM ${table} WHERE route = ?`).run(route);
  })();
}
