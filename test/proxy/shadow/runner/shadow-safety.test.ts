import { afterEach, describe, expect, it } from 'vitest';
import { ShadowRunner, type ShadowCallRequest } from '../../../../proxy/shadow/runner/index.js';
import type { ShadowStore } from '../../../../proxy/shadow/store/index.js';
import { drained, job, json, memoryStore, shadowRoute } from './helpers.js';

describe('which requests are shadowed, and how they are marked', () => {
  let store: ShadowStore;
  let runner: ShadowRunner;
  afterEach(async () => {
    await runner.close();
    store.close();
  });
  const make = () => {
    store = memoryStore();
    runner = new ShadowRunner({ store, maxConcurrent: 8, random: () => 0.5 });
  };

  it('POST is not shadowed by default (counted as skipped: unsafe)', () => {
    make();
    expect(runner.decide(shadowRoute(), 'POST', 'shadow')).toEqual({ shadow: false, reason: 'unsafe' });
    expect(runner.decide(shadowRoute(), 'DELETE', 'live')).toEqual({ shadow: false, reason: 'unsafe' });
    expect(store.stats('products')[0]!.skipped).toEqual({ unsafe: 2 });
  });

  it('GET is shadowed in shadow (to the Lambda) and live (to the monolith); other stages never', () => {
    make();
    const r = shadowRoute();
    expect(runner.decide(r, 'GET', 'shadow')).toEqual({ shadow: true, served: 'monolith', side: 'lambda', dryRun: false, noise: false });
    expect(runner.decide(r, 'GET', 'live')).toEqual({ shadow: true, served: 'lambda', side: 'monolith', dryRun: false, noise: false });
    for (const stage of ['off', 'dualwrite', 'rampdown', 'complete'] as const) expect(runner.decide(r, 'GET', stage)).toEqual({ shadow: false });
  });

  it('dry-run: an unsafe method is shadowed to the Lambda only, marked, with the same request id and Host', async () => {
    make();
    const r = shadowRoute({ unsafe: 'dry-run' });
    expect(runner.decide(r, 'POST', 'live')).toEqual({ shadow: false, reason: 'unsafe' });
    expect(runner.decide(shadowRoute({ unsafe: 'dry-run' }, { writes: 'dual' }), 'POST', 'shadow')).toEqual({ shadow: false, reason: 'unsafe' });
    const d = runner.decide(r, 'POST', 'shadow');
    expect(d).toEqual({ shadow: true, served: 'monolith', side: 'lambda', dryRun: true, noise: false });
    let seen: ShadowCallRequest | undefined;
    runner.submit({
      ...job(
        r,
        async (req) => {
          seen = req;
          return json({ id: 1 });
        },
        { method: 'POST', requestId: 'req-42' },
      ),
    });
    await drained(runner);
    expect(seen).toMatchObject({ method: 'POST', url: '/products/1?x=1', dryRun: true, requestId: 'req-42' });
    expect(seen!.headers).toMatchObject({ host: 'shop.example', 'x-strangler-shadow': '1', 'x-request-id': 'req-42' });
  });

  it('every shadow call carries the marker, also safe ones', async () => {
    make();
    let headers: ShadowCallRequest['headers'] | undefined;
    runner.submit(job(shadowRoute(), async (req) => ((headers = req.headers), json({ id: 1 }))));
    await drained(runner);
    expect(headers?.['x-strangler-shadow']).toBe('1');
  });

  it('sampleRate leaves requests out without counting them', () => {
    store = memoryStore();
    let i = 0;
    runner = new ShadowRunner({ store, maxConcurrent: 8, random: () => [0.1, 0.9][i++ % 2]! });
    const r = shadowRoute({ sampleRate: 0.5 });
    expect([runner.decide(r, 'GET', 'shadow').shadow, runner.decide(r, 'GET', 'shadow').shadow]).toEqual([true, false]);
    expect(store.stats('products')[0]?.skipped ?? {}).toEqual({});
  });

  it('a shadow that times out is a shadow error, not a comparison', async () => {
    make();
    const r = shadowRoute({ timeoutMs: 50 });
    runner.submit(job(r, ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))));
    runner.submit(
      job(r, async () => {
        throw new Error('ECONNREFUSED');
      }),
    );
    await drained(runner);
    expect(store.stats('products')[0]).toMatchObject({
      compared: 0,
      errors: { 'lambda:STRANGLER_SHADOW_TIMEOUT': 1, 'lambda:STRANGLER_SHADOW_CALL_FAILED': 1 },
    });
  });

  it('in live the monolith is the shadow, and diffs still read monolith → lambda', async () => {
    make();
    runner.submit(job(shadowRoute(), async () => json({ price: 1 }), { stage: 'live', served: json({ price: 2 }) }));
    await drained(runner);
    const [s] = store.stats('products');
    expect(s!.samples[0]).toMatchObject({ servedBy: 'lambda', diffs: [{ path: '$.price', monolith: 1, lambda: 2 }] });
  });
});
