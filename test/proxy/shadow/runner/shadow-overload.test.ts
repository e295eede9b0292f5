import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ShadowMetrics } from '../../../../proxy/shadow/metrics.js';
import { ShadowRunner } from '../../../../proxy/shadow/runner/index.js';
import type { ShadowStore } from '../../../../proxy/shadow/store/index.js';
import { drained, job, json, memoryStore, shadowRoute, slowCall } from './helpers.js';

describe('overload: a slow shadow side', () => {
  let store: ShadowStore;
  let runner: ShadowRunner;
  afterEach(async () => {
    await runner.close(100);
    store.close();
  });

  it('never exceeds the cap, skips and counts the rest, keeps memory flat', async () => {
    // prepare: cap 5, a shadow side that takes 300 ms
    store = memoryStore();
    const registry = new Registry();
    runner = new ShadowRunner({ store, maxConcurrent: 5, metrics: new ShadowMetrics(registry) });
    const route = shadowRoute({ timeoutMs: 2_000 });
    const seen = { n: 0, max: 0, live: 0 };
    const call = slowCall(300, json({ id: 1 }), seen);

    // act: 5 waves of 400 requests, 20 ms apart; heap measured after each wave
    const heap: number[] = [];
    for (let wave = 0; wave < 5; wave++) {
      for (let i = 0; i < 400; i++) {
        const d = runner.decide(route, 'GET', 'shadow');
        if (d.shadow) runner.submit({ ...job(route, call), decision: d });
        expect(runner.concurrency.inFlight).toBeLessThanOrEqual(5);
      }
      await new Promise((r) => setTimeout(r, 20));
      heap.push(process.memoryUsage().heapUsed);
    }
    await drained(runner);

    // assert
    expect(seen.max).toBeLessThanOrEqual(5);
    expect(runner.concurrency.peak).toBe(5);
    const [s] = store.stats('products');
    expect(s!.compared).toBe(seen.n);
    expect(s!.skipped.cap).toBe(2000 - seen.n);
    expect(s!.skipped.cap).toBeGreaterThan(1900);
    const metrics = await registry.metrics();
    expect(metrics).toContain(`strangler_shadow_skipped_total{route="products",reason="cap"} ${2000 - seen.n}`);
    expect(metrics).toContain('strangler_shadow_in_flight 0');
    // Nothing is queued: 2000 requests do not grow the heap by more than a few MB (no retained jobs).
    expect(Math.max(...heap) - heap[0]!).toBeLessThan(16 * 1024 * 1024);
  });
});
