import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../../proxy/shadow/store/pg-migrate.js';
import { PgShadowStore } from '../../../../proxy/shadow/store/pg-store.js';
import { ShadowStore } from '../../../../proxy/shadow/store/index.js';
import { startPostgres, type TestPostgres } from '../../../helpers/postgres.js';
import { record } from './helpers.js';

const DAY = 86_400_000;
let server: TestPostgres;

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.close();
});

const opts = { maxSamples: 3, retentionDays: 2, flushIntervalMs: 0 } as const;

describe('PostgreSQL results store', () => {
  it('migrations run twice, or by two proxies at once, are harmless: each version is applied once', async () => {
    const url = await server.database('migrations');
    const clients = [new pg.Client(url), new pg.Client(url), new pg.Client(url)];
    await Promise.all(clients.map((c) => c.connect()));
    try {
      // Two at once (the advisory lock serialises them), then a third later.
      const [a, b] = await Promise.all([migrate(clients[0]!), migrate(clients[1]!)]);
      expect([...a, ...b].sort()).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(clients[2]!)).toEqual([]);
      const rows = (await clients[2]!.query('SELECT version FROM strangler.migrations ORDER BY version')).rows;
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('refuses a schema migrated by a newer strangler with STRANGLER_SHADOW_STORE_INVALID', async () => {
    const url = await server.database('newer');
    const c = new pg.Client(url);
    await c.connect();
    try {
      await migrate(c);
      await c.query('INSERT INTO strangler.migrations (version) VALUES (999)');
      await expect(migrate(c)).rejects.toMatchObject({ code: 'STRANGLER_SHADOW_STORE_INVALID' });
    } finally {
      await c.end();
    }
  });

  it('reads back exactly what the SQLite store reads for the same comparisons, summed over two writers', async () => {
    // Prepare: the same records into SQLite (one store) and PostgreSQL (two stores, as two replicas).
    const url = await server.database('same_as_sqlite');
    const lite = ShadowStore.open(':memory:', opts);
    const a = new PgShadowStore({ url, ...opts });
    const b = new PgShadowStore({ url, ...opts });
    const recs = [
      record('products', { price: 10 }, { price: 10 }),
      record('products', { price: 10, name: 'x' }, { price: 11, name: 'x' }),
      record('products', { price: 10 }, { price: 12 }, { latencyMs: { monolith: 100, lambda: 300 } }),
      record('cart', { n: 1 }, { n: 2 }),
    ];
    recs.forEach((r, i) => {
      lite.recordComparison(r);
      (i % 2 === 0 ? a : b).recordComparison(r);
    });
    lite.recordSkip({ route: 'products', reason: 'cap' });
    a.recordSkip({ route: 'products', reason: 'cap' });
    lite.recordError({ route: 'cart', side: 'lambda', code: 'STRANGLER_SHADOW_TIMEOUT', latencyMs: 50 });
    b.recordError({ route: 'cart', side: 'lambda', code: 'STRANGLER_SHADOW_TIMEOUT', latencyMs: 50 });
    await Promise.all([a.flush(), b.flush()]);

    // Act + assert: the same stats. Sample ids, and so the order of samples written by two replicas flushing at
    // once, differ between databases: samples compare as a set.
    const strip = (stats: Awaited<ReturnType<PgShadowStore['readStats']>>) =>
      stats.map((s) => ({ ...s, samples: s.samples.map(({ id: _id, ...rest }) => JSON.stringify(rest)).sort() }));
    const fromPg = await b.readStats();
    expect(fromPg.map((s) => s.route)).toEqual(['cart', 'products']);
    expect(strip(fromPg)).toEqual(strip(lite.stats()));
    expect(fromPg[1]).toMatchObject({ compared: 3, matched: 1, mismatched: 2, skipped: { cap: 1 } });
    expect(await a.readNoiseStats('products')).toEqual(lite.noiseStats('products'));
    lite.close();
    await a.close();
    await b.close();
  });

  it('keeps maxSamples per route and prunes samples and hours past the retention', async () => {
    const url = await server.database('retention');
    let now = Date.now();
    const store = new PgShadowStore({ url, ...opts, now: () => now });
    // Old results, three days ago (retention is two days), then five recent mismatches.
    store.recordComparison(record('products', { a: 1 }, { a: 2 }, { at: now - 3 * DAY }));
    await store.flush();
    for (let i = 0; i < 5; i++) store.recordComparison(record('products', { a: 1 }, { a: i + 10 }, { at: now }));
    now += 2 * 3_600_000; // past the hourly prune
    await store.flush();
    const [s] = await store.readStats('products');
    expect(s).toMatchObject({ compared: 5, mismatched: 5 });
    expect(s!.samples).toHaveLength(3);
    expect(s!.samples[0]!.diffs[0]).toMatchObject({ monolith: 1, lambda: 14 });
    await store.close();
  });
});
