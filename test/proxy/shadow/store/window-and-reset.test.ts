import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ShadowStore, STORE_VERSION } from '../../../../proxy/shadow/store/index.js';
import { record, tempDir } from './helpers.js';

const opts = { maxSamples: 5, retentionDays: 14, flushIntervalMs: 0 };
const HOUR = 3_600_000;

describe('shadow store windows and resets', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((f) => f()));

  it('stats({ since }) counts from the hour that contains `since`, and cuts samples exactly', () => {
    const now = Date.UTC(2026, 0, 10, 12, 30);
    const store = ShadowStore.open(':memory:', { ...opts, now: () => now });
    cleanups.push(() => store.close());
    store.recordComparison(record('products', { p: 1 }, { p: 2 }, { at: now - 5 * HOUR }));
    store.recordComparison(record('products', { p: 1 }, { p: 1 }, { at: now - 40 * 60_000 })); // 11:50, same hour as 11:30
    store.recordComparison(record('products', { p: 1 }, { p: 3 }, { at: now }));
    const window = (since: number) => store.stats('products', { since })[0]!;
    expect(store.stats('products')[0]).toMatchObject({ compared: 3, mismatched: 2 });
    expect(window(now - HOUR)).toMatchObject({ compared: 2, mismatched: 1 });
    expect(window(now - HOUR).samples).toHaveLength(1);
    expect(window(now - 10 * 60_000)).toMatchObject({ compared: 1 }); // 12:20: the 12:00 bucket only
    expect(window(now - 6 * HOUR)).toMatchObject({ compared: 3 });
  });

  it('reset drops written and still-buffered results of one route, keeps its events and other routes', () => {
    const store = ShadowStore.open(':memory:', opts);
    cleanups.push(() => store.close());
    store.recordComparison(record('products', { p: 1 }, { p: 2 }));
    store.recordEvent({ route: 'products', kind: 'rollback', message: 'rolled back' });
    store.flush();
    store.recordComparison(record('products', { p: 1 }, { p: 2 })); // buffered, not yet written
    store.recordSkip({ route: 'products', reason: 'cap' });
    store.recordComparison(record('cart', { p: 1 }, { p: 1 }));

    store.reset('products', { message: 'shadow results reset' });

    const [products] = store.stats('products');
    expect(products).toMatchObject({ compared: 0, skipped: {}, samples: [], fields: [] });
    expect(products!.events.map((e) => e.kind)).toEqual(['reset', 'rollback']);
    expect(store.stats('cart')[0]).toMatchObject({ compared: 1 });
    // Recording goes on after a reset.
    store.recordComparison(record('products', { p: 1 }, { p: 1 }));
    expect(store.stats('products')[0]).toMatchObject({ compared: 1, matched: 1 });
  });

  it('migrates a version 1 store (counts per day) without losing its counts', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'v1.sqlite');
    const day = Math.floor(Date.now() / 86_400_000);
    const v1 = new Database(path);
    v1.exec(`CREATE TABLE counts (route TEXT NOT NULL, day INTEGER NOT NULL, compared INTEGER NOT NULL DEFAULT 0, matched INTEGER NOT NULL DEFAULT 0,
      mismatched INTEGER NOT NULL DEFAULT 0, noisy INTEGER NOT NULL DEFAULT 0, noise_samples INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (route, day)) WITHOUT ROWID;
      CREATE TABLE outcomes (route TEXT NOT NULL, day INTEGER NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (route, day, kind, reason)) WITHOUT ROWID;
      CREATE TABLE latency (route TEXT NOT NULL, day INTEGER NOT NULL, side TEXT NOT NULL, bucket INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (route, day, side, bucket)) WITHOUT ROWID;
      CREATE TABLE fields (route TEXT NOT NULL, day INTEGER NOT NULL, field TEXT NOT NULL, diffs INTEGER NOT NULL DEFAULT 0, raw INTEGER NOT NULL DEFAULT 0,
      noise INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (route, day, field)) WITHOUT ROWID;`);
    v1.prepare('INSERT INTO counts (route, day, compared, matched, mismatched) VALUES (?, ?, 7, 6, 1)').run('products', day);
    v1.prepare('INSERT INTO outcomes (route, day, kind, reason, n) VALUES (?, ?, ?, ?, 2)').run('products', day, 'skip', 'cap');
    v1.pragma('user_version = 1');
    v1.close();

    const store = ShadowStore.open(path, opts);
    cleanups.push(() => store.close());
    expect(store.stats('products')[0]).toMatchObject({ compared: 7, matched: 6, mismatched: 1, skipped: { cap: 2 } });
    store.recordComparison(record('products', { p: 1 }, { p: 1 }));
    expect(store.stats('products')[0]).toMatchObject({ compared: 8 });
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(STORE_VERSION);
    check.close();
  });
});
