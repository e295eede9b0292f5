import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAppRoutes, parsePrintRoutes } from '../../../planner/app-routes/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/apps/${name}`, import.meta.url));
const sorted = (routes: Array<{ method: string; path: string; module: string }>) => routes.map((r) => `${r.module} ${r.method} ${r.path}`).sort();

describe('loadAppRoutes', () => {
  it('walks an Express 5 router stack: app routes, mounted and nested routers, route() chains, all()', async () => {
    expect(sorted(await loadAppRoutes(`${fixture('express-app.ts')}#createApp`))).toEqual([
      'api/orders GET /api/orders',
      'api/orders POST /api/orders/:id/cancel',
      'api/orders/:id/items GET /api/orders/:id/items',
      'app GET /health',
      'categories+files+products ALL /files/*',
      'categories+files+products GET /categories',
      'categories+files+products GET /products/:id',
      'categories+files+products POST /categories',
    ]);
  });

  it("reads the example shop's own modules (examples/shop/app.ts)", async () => {
    const routes = await loadAppRoutes(`${fileURLToPath(new URL('../../../examples/shop/app.ts', import.meta.url))}#createShopApp`);
    const modules = new Map(routes.map((r) => [`${r.method} ${r.path}`, r.module]));
    expect(modules.get('GET /products/:id')).toBe(modules.get('GET /categories'));
    expect(modules.get('GET /products/search')).toBe(modules.get('GET /categories'));
    expect(modules.get('GET /health')).toBe('app');
    expect(modules.get('POST /cart/items')).not.toBe(modules.get('GET /products/:id'));
    expect(modules.get('POST /shipping/:orderId/label')).toBe(modules.get('GET /shipping/:orderId'));
  });

  it('reads a Fastify 5 factory: plugin routes by plugin name, root routes from printRoutes', async () => {
    expect(sorted(await loadAppRoutes(fixture('fastify-app.ts')))).toEqual([
      'app GET /health',
      'app HEAD /health',
      'checkout POST /checkout',
      'products GET /products',
      'products GET /products/:id',
      'products HEAD /products',
      'products HEAD /products/:id',
      'products POST /products/:id/reviews',
    ]);
  });

  it('reads an instance that is ready already from printRoutes alone, every route under module app', async () => {
    const routes = await loadAppRoutes(fixture('fastify-ready.ts'));
    expect(new Set(routes.map((r) => r.module))).toEqual(new Set(['app']));
    expect(routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /health',
      'GET /products',
      'GET /products/:id',
      'HEAD /health',
      'HEAD /products',
      'HEAD /products/:id',
      'POST /checkout',
      'POST /products/:id/reviews',
    ]);
  });

  it.each([
    [`${fixture('express-app.ts')}#missing`, /has no export "missing"/],
    [`${fixture('express-app.ts')}#notAnApp`, /neither an Express app/],
    [fixture('nope.js'), /cannot import/],
  ])('%s → STRANGLER_ANALYZE_APP_UNREADABLE', async (spec, message) => {
    await expect(loadAppRoutes(spec)).rejects.toMatchObject({ code: 'STRANGLER_ANALYZE_APP_UNREADABLE', message: expect.stringMatching(message) });
  });
});

describe('parsePrintRoutes', () => {
  it("joins the tree's path pieces and splits the methods", () => {
    const text = [
      '├── /health (GET, HEAD)',
      '└── /products (GET)',
      '    └── /',
      '        ├── search (GET)',
      '        └── :id (GET)',
      '            └── /reviews (POST)',
      '',
    ].join('\n');
    expect(parsePrintRoutes(text).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /health',
      'HEAD /health',
      'GET /products',
      'GET /products/search',
      'GET /products/:id',
      'POST /products/:id/reviews',
    ]);
  });
});
