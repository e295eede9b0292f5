import { describe, expect, it } from 'vitest';
import { PlanSchema } from '../../../proxy/plan/index.js';
import { buildRouter, buildRouterAsync } from '../../../proxy/routing/router.js';
import { earlierOverlaps, pathsMayOverlap } from '../../../proxy/routing/overlap.js';
import { route } from '../../helpers/index.js';

function routerFor(routes: ReturnType<typeof route>[], routing: Record<string, unknown> = {}) {
  const plan = PlanSchema.parse({ monolith: { url: 'http://127.0.0.1:1' }, routing, routes });
  return buildRouter(plan.routes, plan.routing);
}

describe('buildRouter', () => {
  const router = routerFor([
    route('product', '/products/:id', ['GET']),
    route('products', '/products', ['GET', 'HEAD']),
    route('static', '/static/*'),
    route('checkout', '/checkout', ['POST']),
  ]);

  it.each([
    ['GET', '/products/42', 'product', { id: '42' }],
    ['GET', '/products/42?sort=asc', 'product', { id: '42' }],
    ['GET', '/products/a%20b', 'product', { id: 'a b' }],
    ['GET', '/products', 'products', {}],
    ['HEAD', '/products', 'products', {}],
    ['DELETE', '/static/css/site.css', 'static', { '*': 'css/site.css' }],
    ['POST', '/checkout', 'checkout', {}],
    // Express's defaults: a trailing slash and case are ignored; parameters keep the client's case.
    ['GET', '/products/', 'products', {}],
    ['GET', '/Products', 'products', {}],
    ['GET', '/PRODUCTS/AbC', 'product', { id: 'AbC' }],
    ['GET', '/products/7/', 'product', { id: '7' }],
  ])('%s %s → %s', (method, url, id, params) => {
    const match = router.match(method, url);
    expect(match?.route.id).toBe(id);
    expect(match?.params).toEqual(params);
  });

  it.each([
    ['GET', '/checkout'],
    ['POST', '/products'],
    ['GET', '/other'],
    ['PROPFIND', '/products'],
  ])('%s %s matches no route', (method, url) => {
    expect(router.match(method, url)).toBeNull();
  });

  it('keeps the plan order when a later route is more specific than an earlier one (first match wins)', () => {
    const ordered = routerFor([route('any-product', '/products/:id'), route('special', '/products/special'), route('rest', '/*')]);
    expect(ordered.match('GET', '/products/special')?.route.id).toBe('any-product');
    expect(ordered.match('GET', '/products/1')?.route.id).toBe('any-product');
    expect(ordered.match('GET', '/orders')?.route.id).toBe('rest');
  });

  it('gives a more specific later route what the earlier one does not match', () => {
    const ordered = routerFor([route('reads', '/products/:id', ['GET']), route('special', '/products/special')]);
    expect(ordered.match('POST', '/products/special')?.route.id).toBe('special');
    expect(ordered.match('GET', '/products/special')?.route.id).toBe('reads');
  });

  it('matches parameters longer than fastify’s default 100-character limit', () => {
    const id = 'x'.repeat(500);
    expect(router.match('GET', `/products/${id}`)?.params).toEqual({ id });
  });
});

describe('pathsMayOverlap', () => {
  it.each([
    ['/a/:id', '/a/b', true],
    ['/a/b', '/a/c', false],
    ['/a/*', '/a/b/c', true],
    ['/a', '/a/b', false],
    ['/a/:x/c', '/a/b/d', false],
    ['/file.:ext', '/file.png', true],
    ['/a::b', '/a:b', true],
    ['/', '/*', true],
    ['/A/b', '/a/B/', true],
  ])('%s and %s → %s', (a, b, expected) => {
    expect(pathsMayOverlap(a, b)).toBe(expected);
  });
});

describe('caseSensitive and trailingSlash', () => {
  it('strict global settings: case and a trailing slash make a different path', () => {
    const strict = routerFor([route('product', '/products/:id', ['GET']), route('products', '/products')], { caseSensitive: true, trailingSlash: 'strict' });
    expect(strict.match('GET', '/Products')).toBeNull();
    expect(strict.match('GET', '/products/7/')).toBeNull();
    // As in fastify: a parameter may be empty.
    expect(strict.match('GET', '/products/')?.params).toEqual({ id: '' });
    expect(strict.match('GET', '/products/7')?.route.id).toBe('product');
  });

  it('a route’s own setting overrides the global one, in both directions', () => {
    const router = routerFor(
      [
        route('strict', '/Admin/:id', ['GET'], { match: { path: '/Admin/:id', methods: ['GET'], caseSensitive: true, trailingSlash: 'strict' } }),
        route('loose', '/catalog/:id', ['GET']),
      ],
      { caseSensitive: true, trailingSlash: 'strict' },
    );
    expect(router.match('GET', '/admin/1')).toBeNull();
    expect(router.match('GET', '/Admin/1/')).toBeNull();
    expect(router.match('GET', '/Admin/1')?.route.id).toBe('strict');
    expect(router.match('GET', '/Catalog/1')).toBeNull();
    const overridden = routerFor(
      [route('loose', '/catalog/:id', ['GET'], { match: { path: '/catalog/:id', methods: ['GET'], caseSensitive: false, trailingSlash: 'ignore' } })],
      { caseSensitive: true, trailingSlash: 'strict' },
    );
    expect(overridden.match('GET', '/CATALOG/1/')?.route.id).toBe('loose');
  });

  it('keeps the plan order across routes with different settings (first match wins)', () => {
    const router = routerFor([
      route('sensitive', '/Products/:id', ['GET'], { match: { path: '/Products/:id', methods: ['GET'], caseSensitive: true } }),
      route('any', '/products/special', ['GET']),
      route('later', '/products/:id', ['GET']),
    ]);
    expect(router.match('GET', '/Products/special')?.route.id).toBe('sensitive');
    expect(router.match('GET', '/products/special')?.route.id).toBe('any');
    expect(router.match('GET', '/PRODUCTS/7')?.route.id).toBe('later');
  });
});

describe('first match wins, checked against a linear scan', () => {
  /** The plan's rule in its plainest form: try every route in order with a router of its own. */
  function linear(routes: ReturnType<typeof route>[]) {
    const singles = routes.map((r) => routerFor([r]));
    return (method: string, url: string) => {
      const i = singles.findIndex((single) => single.match(method, url) !== null);
      return i === -1 ? null : routes[i]!.id;
    };
  }

  it('agrees on a plan mixing prefixes, parameters at the start, wildcards and methods', () => {
    const paths = ['/a/:id', '/a/special', '/:tenant/items', '/b/*', '/b/c', '/A/x', '/c/:id/d', '/c/e/d', '/*', '/B/:x/d'];
    const routes = paths.map((p, i) => route(`r${i}`, p, i % 3 === 0 ? ['GET'] : i % 3 === 1 ? ['GET', 'POST'] : undefined));
    const router = routerFor(routes);
    const reference = linear(routes);
    const urls = ['/b/q/d', '/a/1', '/a/special', '/A/SPECIAL/', '/x/items', '/a/items', '/b/c', '/b/c/d', '/A/x', '/c/1/d', '/c/e/d', '/zzz', '/'];
    for (const method of ['GET', 'POST', 'DELETE']) {
      for (const url of urls) expect([method, url, router.match(method, url)?.route.id ?? null]).toEqual([method, url, reference(method, url)]);
    }
  });

  it('buildRouterAsync builds the same router in slices', async () => {
    const routes = Array.from({ length: 600 }, (_, i) => route(`svc${i}`, `/svc${i}/items/:id`, ['GET']));
    routes.push(route('tenant', '/:tenant/items/:id', ['GET']), route('svc3-special', '/svc3/items/special', ['GET']));
    const plan = PlanSchema.parse({ monolith: { url: 'http://127.0.0.1:1' }, routes });
    const sliced = await buildRouterAsync(plan.routes, plan.routing);
    for (const url of ['/svc0/items/1', '/svc599/items/x', '/other/items/1', '/svc3/items/special']) {
      expect(sliced.match('GET', url)?.route.id).toBe(buildRouter(plan.routes, plan.routing).match('GET', url)?.route.id);
    }
    expect(sliced.match('GET', '/svc3/items/special')?.route.id).toBe('svc3');
    expect(sliced.match('GET', '/other/items/1')?.route.id).toBe('tenant');
  });
});

describe('earlierOverlaps', () => {
  it('lists only the earlier routes that may take a later route’s requests, without comparing every pair', () => {
    const plan = PlanSchema.parse({
      monolith: { url: 'http://127.0.0.1:1' },
      routes: [
        route('a', '/a/:id', ['GET']),
        route('b', '/b/:id', ['GET']),
        route('a-post', '/a/:id', ['POST']),
        route('tenant', '/:t/x', ['GET']),
        route('a-special', '/a/special', ['GET', 'POST']),
        route('b-x', '/B/x', ['GET']),
      ],
    });
    expect(earlierOverlaps(plan.routes)).toEqual([[], [], [], [0, 1], [0, 2], [1, 3]]);
  });
});
