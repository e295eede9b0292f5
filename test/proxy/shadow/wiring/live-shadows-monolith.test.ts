import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createShadowService, teeBody, type ShadowService } from '../../../../proxy/shadow/index.js';
import { route, startUpstream, testPlan, type Upstream } from '../../../helpers/index.js';
import { drained, json } from '../runner/helpers.js';

describe('live: the Lambda serves, the monolith is shadowed', () => {
  let mono: Upstream | undefined;
  let service: ShadowService | undefined;
  afterEach(async () => {
    await service?.close();
    await mono?.close();
  });

  it('calls the real monolith with the client Host, the request id and the shadow marker, and compares', async () => {
    mono = await startUpstream((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: 1, price: req.url === '/products/2' ? 20 : 10 }));
    });
    const plan = testPlan({
      monolith: { url: mono.url },
      shadow: { store: { path: ':memory:' } },
      routes: [route('products', '/products/:id', ['GET'], { stage: 'live' })],
    });
    service = createShadowService({ loaded: { plan, dir: process.cwd() } });
    for (const [i, price] of [
      [1, 10],
      [2, 21],
    ] as const) {
      const decision = service.decide('products', 'GET', 'live');
      expect(decision).toMatchObject({ shadow: true, served: 'lambda', side: 'monolith' });
      if (!decision.shadow) return;
      service.afterResponse({
        routeId: 'products',
        decision,
        request: {
          method: 'GET',
          url: `/products/${i}`,
          headers: { host: 'shop.example', accept: 'application/json' },
          body: Buffer.alloc(0),
          requestId: `req-${i}`,
        },
        served: { response: json({ id: 1, price }), latencyMs: 3 },
      });
    }
    await drained(service.runner);

    expect(mono.requests.map((r) => [r.url, r.headers.host, r.headers['x-strangler-shadow'], r.headers['x-request-id']])).toEqual([
      ['/products/1', 'shop.example', '1', 'req-1'],
      ['/products/2', 'shop.example', '1', 'req-2'],
    ]);
    const [s] = await service.store.readStats('products');
    expect(s).toMatchObject({ compared: 2, matched: 1, mismatched: 1 });
    expect(s!.samples[0]!.diffs).toEqual([{ path: '$.price', field: '$.price', kind: 'changed', monolith: 20, lambda: 21 }]);
  });

  it('shadow stage without a Lambda caller shadows nothing (issue 4 not wired)', () => {
    const plan = testPlan({
      monolith: { url: 'http://127.0.0.1:1' },
      shadow: { store: { path: ':memory:' } },
      routes: [route('products', '/p', ['GET'], { stage: 'shadow' })],
    });
    service = createShadowService({ loaded: { plan, dir: process.cwd() } });
    expect(service.decide('products', 'GET', 'shadow')).toEqual({ shadow: false });
  });
});

describe('teeBody', () => {
  it('copies a stream next to its consumer, and gives null past the bound', async () => {
    const small = Readable.from([Buffer.from('ab'), Buffer.from('cd')]);
    const copy = teeBody(small, 10);
    const consumed: Buffer[] = [];
    small.on('data', (c: Buffer) => consumed.push(c));
    expect((await copy)?.toString()).toBe('abcd');
    expect(Buffer.concat(consumed).toString()).toBe('abcd');
    const big = Readable.from([Buffer.alloc(8), Buffer.alloc(8)]);
    const over = teeBody(big, 10);
    big.resume();
    expect(await over).toBeNull();
  });
});
