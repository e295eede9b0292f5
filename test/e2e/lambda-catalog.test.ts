import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../examples/demo.js';
import { logSink, send } from '../helpers/index.js';
import { createLogger } from '../../proxy/logging/index.js';

// The demo's catalog routes are `live`: the proxy invokes the shop-catalog function (the monolith's own catalog
// router behind fromExpress) on the local Lambda service, and the client gets what the monolith would have sent.
let demo: Demo;
const logs = logSink();

beforeAll(async () => {
  demo = await startDemo({ ports: { shop: 0, lambda: 0, proxy: 0, admin: 0 }, logger: createLogger({ level: 'info', destination: logs.stream }) });
});
afterAll(async () => {
  await demo?.close();
});

/** The monolith's answer and the proxy's, without the fields that differ by design (per process / per response). */
function comparable(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (key === 'servedAt' || key === 'updatedAt' ? undefined : value));
}

describe('demo: catalog served by the shop-catalog function', () => {
  it.each(['/products/7', '/products?category=books&sort=-price&pageSize=3', '/categories'])(
    'GET %s comes from the function, same as the monolith',
    async (path) => {
      const viaProxy = await send(`${demo.proxyUrl}${path}`, { headers: { 'x-request-id': `catalog-${path}` } });
      const direct = await send(`${demo.shopUrl}${path}`);
      expect(viaProxy.headers['x-strangler-served-by']).toBe('lambda');
      expect(viaProxy.headers['x-strangler-fallback']).toBeUndefined();
      expect(viaProxy.status).toBe(direct.status);
      expect(viaProxy.headers['content-type']).toBe(direct.headers['content-type']);
      expect(comparable(viaProxy.text)).toEqual(comparable(direct.text));
      const line = await logs.waitFor((l) => l.msg === 'request' && l.requestId === `catalog-${path}`);
      expect(line).toMatchObject({ servedBy: 'lambda', stage: 'live' });
      expect(typeof line.lambdaMs).toBe('number');
    },
  );

  it('a binary product image comes from the function byte for byte', async () => {
    const viaProxy = await send(`${demo.proxyUrl}/products/7/image`);
    const direct = await send(`${demo.shopUrl}/products/7/image`);
    expect(viaProxy.headers['x-strangler-served-by']).toBe('lambda');
    expect(viaProxy.status).toBe(direct.status);
    expect(viaProxy.headers['content-type']).toBe(direct.headers['content-type']);
    expect(viaProxy.body.equals(direct.body)).toBe(true);
  });

  it('a product that does not exist: the function answers 404 like the monolith (not a failure)', async () => {
    const viaProxy = await send(`${demo.proxyUrl}/products/99999`);
    const direct = await send(`${demo.shopUrl}/products/99999`);
    expect(viaProxy.status).toBe(direct.status);
    expect(viaProxy.headers['x-strangler-served-by']).toBe('lambda');
  });

  it('/routes shows each route with its breaker state', async () => {
    const table = (await (await fetch(`${demo.adminUrl}/routes`)).json()) as { routes: Array<{ id: string; breaker: string }> };
    expect(table.routes.find((r) => r.id === 'catalog-detail')?.breaker).toBe('closed');
  });
});
