import { describe, expect, it } from 'vitest';
import { PlanSchema } from '../../../proxy/plan/index.js';
import { buildRouter, pathsMayOverlap } from '../../../proxy/routing/router.js';
import { route } from '../../helpers/index.js';

function routerFor(routes: ReturnType<typeof route>[]) {
  return buildRouter(PlanSchema.parse({ monolith: { url: 'http://127.0.0.1:1' }, routes }).routes);
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
    ['GET', 'http://shop.example/products/7', 'product', { id: '7' }],
    // As in fastify: a parameter may be empty.
    ['GET', '/products/', 'product', { id: '' }],
  ])('%s %s → %s', (method, url, id, params) => {
    const match = router.match(method, url);
    expect(match?.route.id).toBe(id);
    expect(match?.params).toEqual(params);
  });

  it.each([
    ['GET', '/checkout'],
    ['POST', '/products'],
    ['GET', '/Products'],
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
  ])('%s and %s → %s', (a, b, expected) => {
    expect(pathsMayOverlap(a, b)).toBe(expected);
  });
});
