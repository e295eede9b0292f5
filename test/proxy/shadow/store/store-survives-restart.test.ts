import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ShadowStore, summarise } from '../../../../proxy/shadow/store/index.js';
import { record, tempDir } from './helpers.js';

const opts = { maxSamples: 5, retentionDays: 14, flushIntervalMs: 0 };

describe('shadow results store', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((f) => f()));

  it('keeps counts, latency, fields and samples across a restart', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'nested', 'shadow.sqlite');

    // prepare: one process records and stops
    const first = ShadowStore.open(path, opts);
    for (let i = 0; i < 8; i++) first.recordComparison(record('products', { p: 1 }, { p: 1 }, { latencyMs: { monolith: 10, lambda: 40 } }));
    first.recordComparison(record('products', { p: 1, q: [1] }, { p: 2, q: [2] }));
    first.recordError({ route: 'products', side: 'lambda', code: 'STRANGLER_SHADOW_TIMEOUT', latencyMs: 5000 });
    first.recordSkip({ route: 'products', reason: 'cap' });
    first.recordSkip({ route: 'products', reason: 'cap' });
    first.close();

    // act: a new process opens the same file and records more
    const second = ShadowStore.open(path, opts);
    cleanups.push(() => second.close());
    second.recordComparison(record('products', { p: 1 }, { p: 1 }));
    const [s] = second.stats('products');

    // assert
    expect(s).toMatchObject({
      route: 'products',
      compared: 10,
      matched: 9,
      mismatched: 1,
      errors: { 'lambda:STRANGLER_SHADOW_TIMEOUT': 1 },
      skipped: { cap: 2 },
    });
    expect(s!.fields).toEqual([
      { field: '$.p', diffs: 1, raw: 0, noise: 0 },
      { field: '$.q[*]', diffs: 1, raw: 0, noise: 0 },
    ]);
    expect(s!.samples).toHaveLength(1);
    expect(s!.samples[0]).toMatchObject({
      requestId: 'req-1',
      method: 'GET',
      url: '/p/1',
      status: { monolith: 200, lambda: 200 },
      diffs: [
        { path: '$.p', kind: 'changed', monolith: 1, lambda: 2 },
        { path: '$.q[0]', kind: 'changed', monolith: 1, lambda: 2 },
      ],
    });
    const lambda = summarise(s!.latency.lambda);
    expect(lambda.count).toBe(11);
    // 8 × 40 ms, 2 × 20 ms, 1 × 5000 ms: within one 10 % bucket.
    expect(lambda.p50).toBeGreaterThan(36);
    expect(lambda.p50).toBeLessThan(44);
    expect(lambda.p99).toBeGreaterThan(4500);
    expect(second.routes()).toEqual(['products']);
  });

  it('keeps only the last maxSamples mismatches per route', () => {
    const store = ShadowStore.open(':memory:', { ...opts, maxSamples: 3 });
    cleanups.push(() => store.close());
    for (let i = 0; i < 10; i++) {
      store.recordComparison(record('r', { i }, { i: -i - 1 }, { request: { id: `req-${i}`, method: 'GET', url: '/', headers: {} } }));
      if (i % 4 === 0) store.flush();
    }
    const [s] = store.stats('r');
    expect(s!.mismatched).toBe(10);
    expect(s!.samples.map((x) => x.requestId)).toEqual(['req-9', 'req-8', 'req-7']);
  });

  it('prunes days past the retention', () => {
    let now = Date.UTC(2024, 0, 10, 12);
    const store = ShadowStore.open(':memory:', { ...opts, retentionDays: 2, now: () => now });
    cleanups.push(() => store.close());
    store.recordComparison(record('r', 1, 2, { at: now - 3 * 86_400_000 }));
    store.recordComparison(record('r', 1, 1, { at: now }));
    store.flush();
    store.prune();
    const [s] = store.stats('r');
    expect(s).toMatchObject({ compared: 1, matched: 1, mismatched: 0, samples: [] });
    now += 86_400_000 * 5;
    store.prune();
    expect(store.stats('r')[0]!.compared).toBe(0);
  });

  it('refuses a file that is not a store, with a code', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    expect(() => ShadowStore.open(join(dir, 'missing.sqlite'), { ...opts, mustExist: true })).toThrow(
      expect.objectContaining({ code: 'STRANGLER_SHADOW_STORE_MISSING' }),
    );
  });
});
