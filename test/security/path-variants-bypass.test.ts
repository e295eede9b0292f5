import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningProxy } from '../helpers/index.js';
import { startLambdaBench, type LambdaBench } from '../proxy/targets/helpers.js';

// Issue 16 item 4: with `catalog-detail` at `complete`, `/PRODUCTS/7`, `/products/7/` or `/x/../products/1` went
// unmatched to the monolith. The proxy now normalises the path once, matches on it and forwards it, on every stage.

/** A GET whose request line carries `path` exactly as written (fetch and `new URL` would resolve dot segments). */
function get(base: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET', agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Each variant and the path both sides must get: case and a trailing slash kept, dots and double slashes gone. */
const VARIANTS: Array<[string, string]> = [
  ['/products/7', '/products/7'],
  ['/PRODUCTS/7', '/PRODUCTS/7'],
  ['/Products/7', '/Products/7'],
  ['/products/7/', '/products/7/'],
  ['/x/../products/1', '/products/1'],
  ['/x/%2e%2e/products/1', '/products/1'],
  ['/./products/./1', '/products/1'],
  ['/products//7', '/products/7'],
  ['//products/7', '/products/7'],
  ['/%70roducts/7', '/products/7'],
];

let bench: LambdaBench;
const proxies = new Map<string, RunningProxy>();
beforeAll(async () => {
  bench = await startLambdaBench();
  for (const stage of ['off', 'shadow', 'live', 'complete'] as const) {
    proxies.set(
      stage,
      await bench.proxy([{ id: 'catalog-detail', match: { methods: ['GET', 'HEAD'], path: '/products/:id' }, function: { name: 'routing' }, stage }]),
    );
  }
});
afterAll(async () => {
  await bench?.close();
});

describe.each(['live', 'complete'])('stage %s: every variant is served by the function', (stage) => {
  it.each(VARIANTS)('%s → the function, with rawPath %s', async (variant, normalised) => {
    const before = bench.monolith.requests.length;
    const res = await get(proxies.get(stage)!.url, variant);
    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-route']).toBe('catalog-detail');
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
    expect(JSON.parse(res.text)).toMatchObject({ path: normalised, pathParameters: { id: normalised.split('/')[2] } });
    // `live` shadows reads to the monolith only with a shadow service; neither stage served from it here.
    expect(bench.monolith.requests.length).toBe(before);
  });
});

describe.each(['off', 'shadow'])('stage %s: every variant matches the route, and the monolith gets the normalised path', (stage) => {
  it.each(VARIANTS)('%s → the monolith at %s', async (variant, normalised) => {
    const res = await get(proxies.get(stage)!.url, variant);
    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-route']).toBe('catalog-detail');
    expect(res.headers['x-strangler-served-by']).toBe('monolith');
    expect(res.text).toBe(`monolith GET ${normalised}`);
  });
});

describe.each(['off', 'shadow', 'live', 'complete'])('stage %s: encoded slashes and bad escapes never reach a side', (stage) => {
  it.each(['/products%2F7', '/x%2F..%2Fproducts/1', '/products/7%5C..%5Cadmin', '/products/%zz', '/products/7%2'])(
    '%s → 400 STRANGLER_PATH_INVALID',
    async (variant) => {
      const running = proxies.get(stage)!;
      const monolithBefore = bench.monolith.requests.length;
      const lambdaBefore = bench.invocations().length;
      const res = await get(running.url, variant);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'STRANGLER_PATH_INVALID' } });
      expect(bench.monolith.requests.length).toBe(monolithBefore);
      expect(bench.invocations().length).toBe(lambdaBefore);
      const line = await running.logs.waitFor((l) => l.errorCode === 'STRANGLER_PATH_INVALID' && l.originalPath === undefined && l.path === variant);
      expect(line).toMatchObject({ status: 400, routeId: null });
    },
  );
});

describe('logs', () => {
  it('log the normalised path and the path as received', async () => {
    const running = proxies.get('complete')!;
    await get(running.url, '/x/../PRODUCTS/9?token=secret');
    const line = await running.logs.waitFor((l) => l.originalPath === '/x/../PRODUCTS/9');
    expect(line).toMatchObject({ path: '/PRODUCTS/9', routeId: 'catalog-detail', servedBy: 'lambda', status: 200 });
  });
});

describe('routing.encodedSlashes: keep', () => {
  it('matches and forwards an encoded slash inside one segment', async () => {
    const running = await bench.proxy([{ id: 'files', match: { path: '/files/:name' }, function: { name: 'routing' }, stage: 'complete' }], {
      routing: { encodedSlashes: 'keep' },
    });
    const res = await get(running.url, '/files/a%2fb');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ path: '/files/a%2Fb', pathParameters: { name: 'a/b' } });
    // Not a route: the monolith gets it, still encoded.
    expect((await get(running.url, '/files%2Fa')).text).toBe('monolith GET /files%2Fa');
  });
});

describe('strict settings', () => {
  it('caseSensitive and trailingSlash: strict leave other spellings to the monolith, normalised', async () => {
    const running = await bench.proxy(
      [
        {
          id: 'catalog-detail',
          match: { path: '/products/:id', caseSensitive: true, trailingSlash: 'strict' },
          function: { name: 'routing' },
          stage: 'complete',
        },
      ],
      { routing: { mergeSlashes: false } },
    );
    expect((await get(running.url, '/x/../products/7')).headers['x-strangler-served-by']).toBe('lambda');
    expect((await get(running.url, '/PRODUCTS/7')).text).toBe('monolith GET /PRODUCTS/7');
    expect((await get(running.url, '/products/7/')).text).toBe('monolith GET /products/7/');
    expect((await get(running.url, '/products//7')).text).toBe('monolith GET /products//7');
  });
});
