import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { groupRoutes, planSnippet, resourceOf, routeIdOf, summarise, type PlanRouteInfo } from '../../../planner/analyze/index.js';
import { TrafficAggregator } from '../../../planner/inventory/index.js';
import { PlanSchema } from '../../../proxy/plan/index.js';
import { sample } from './helpers.js';

function routesOf(templates: Array<[string, string | null, number]>) {
  const agg = new TrafficAggregator();
  for (const [template, routeId, n] of templates) for (let i = 0; i < n; i++) agg.record(sample({ template, method: template.split(' ')[0]!, routeId }));
  return summarise(agg.drain(Infinity)).routes;
}

const planRoutes = new Map<string, PlanRouteInfo>([
  ['catalog-detail', { id: 'catalog-detail', path: '/products/:id', methods: ['GET', 'HEAD'], functionName: 'shop-catalog', stage: 'live', timeoutMs: 10_000 }],
]);

describe('resourceOf', () => {
  it.each([
    ['/products/:id', 'products'],
    ['/products/search', 'products'],
    ['/', 'root'],
    ['/:tenant/orders', 'root'],
    ['/*', 'root'],
  ])('%s → %s', (path, resource) => expect(resourceOf(path)).toBe(resource));
});

describe('groupRoutes', () => {
  it('groups by resource, keeps (other) out, and names a group after the plan function its routes share', () => {
    const groups = groupRoutes(
      routesOf([
        ['GET /products/:id', 'catalog-detail', 5],
        ['GET /products/search', null, 2],
        ['POST /orders', null, 1],
        ['(other)', null, 3],
      ]),
      { planRoutes },
    );
    expect(groups.map((g) => [g.name, g.groupedBy, g.functionName, g.routes.map((r) => r.key)])).toEqual([
      ['products', 'resource', 'shop-catalog', ['GET /products/:id', 'GET /products/search']],
      ['orders', 'resource', 'orders', ['POST /orders']],
    ]);
  });

  it("groups by the app's modules when the route table is known", () => {
    const appRoutes = [
      { method: 'GET', path: '/products/:id', module: 'catalog' },
      { method: 'GET', path: '/categories', module: 'catalog' },
      { method: 'POST', path: '/checkout', module: 'orders' },
    ];
    const groups = groupRoutes(
      routesOf([
        ['GET /categories', null, 1],
        ['HEAD /products/:param', null, 1],
        ['POST /checkout', null, 1],
        ['GET /health', null, 1],
      ]),
      { appRoutes },
    );
    expect(groups.map((g) => [g.groupedBy, g.name, g.routes.map((r) => r.key).sort()]).sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
      ['module', 'catalog', ['GET /categories', 'HEAD /products/:param']],
      ['resource', 'health', ['GET /health']],
      ['module', 'orders', ['POST /checkout']],
    ]);
  });
});

describe('planSnippet', () => {
  it('is a plan fragment the plan schema accepts: plan routes keep id and stage, new ones get ids and named params', () => {
    const [group] = groupRoutes(
      routesOf([
        ['GET /products/:id', 'catalog-detail', 5],
        ['GET /products/:param/reviews/:param', null, 2],
        ['DELETE /products/:param', null, 1],
      ]),
      { planRoutes },
    );
    const snippet = planSnippet(group!, { memoryMb: 256, timeoutS: 10, planRoutes });
    const doc = parse(snippet) as { functions: unknown[]; routes: Array<Record<string, unknown>> };
    expect(doc.functions).toEqual([{ name: 'shop-catalog', handler: 'functions/shop-catalog.handler', timeout: 10, memorySize: 256 }]);
    expect(doc.routes).toEqual([
      { id: 'catalog-detail', match: { methods: ['GET', 'HEAD'], path: '/products/:id' }, function: { name: 'shop-catalog' }, stage: 'live' },
      {
        id: 'get-products-by-id-reviews-by-id',
        match: { methods: ['GET', 'HEAD'], path: '/products/:id/reviews/:id2' },
        function: { name: 'shop-catalog' },
        stage: 'off',
      },
      { id: 'delete-products-by-id', match: { methods: ['DELETE'], path: '/products/:id' }, function: { name: 'shop-catalog' }, stage: 'off' },
    ]);
    expect(PlanSchema.safeParse({ monolith: { url: 'http://127.0.0.1:3000' }, routes: doc.routes }).success).toBe(true);
  });

  it.each([
    ['GET', '/orders/:param/items', 'get-orders-by-id-items'],
    ['POST', '/', 'post'],
    ['GET', '/files/*', 'get-files-all'],
    ['GET', '/a b/c', 'get-a-b-c'],
  ])('routeIdOf(%s %s) = %s', (method, path, id) => expect(routeIdOf(method, path)).toBe(id));
});
