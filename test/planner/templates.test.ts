import { describe, expect, it } from 'vitest';
import { looksLikeId, OTHER, TemplateInferrer } from '../../planner/templates.js';

describe('looksLikeId', () => {
  it.each([
    ['42', true],
    ['0', true],
    ['3f2504e0-4f89-11d3-9a0c-0305e82c3301', true],
    ['3F2504E0-4F89-11D3-9A0C-0305E82C3301', true],
    ['5f1d7c3b9a8e4f0012345678', true], // a 24-hex ObjectId
    ['da39a3ee5e6b4b0d3255bfef95601890afd80709', true], // sha1
    ['2026-12-03', true],
    ['01HZY3QF7M8K2W4V6X9ZB1C3D5', true], // a ULID
    ['search', false],
    ['blue-shoe', false],
    ['v2', false],
    ['products', false],
    ['abcdef', false], // short hex-looking word
    ['deadbeef', false], // 8 hex chars: a word as often as an id
    ['my-very-long-product-slug-name', false], // long, but no digits
  ])('%s → %s', (segment, expected) => {
    expect(looksLikeId(segment)).toBe(expected);
  });
});

describe('TemplateInferrer', () => {
  it.each([
    ['GET', '/orders/8812/items/3', 'GET /orders/:param/items/:param'],
    ['get', '/orders/97/items/1?x=1', 'GET /orders/:param/items/:param'],
    ['GET', '/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301', 'GET /users/:param'],
    ['GET', '/products/search', 'GET /products/search'],
    ['GET', '/', 'GET /'],
    ['GET', '//a///b/', 'GET /a/b'],
  ])('%s %s → %s', (method, path, template) => {
    expect(new TemplateInferrer().observe(method, path)).toBe(template);
  });

  it.each([
    // Literals beside ids keep their own template: an id folds, a word does not.
    [
      ['/products/42', '/products/search', '/products/7'],
      ['GET /products/:param', 'GET /products/search', 'GET /products/:param'],
    ],
    [
      ['/users/me', '/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
      ['GET /users/me', 'GET /users/:param'],
    ],
    [
      ['/api/v2/orders', '/api/v2/orders/17'],
      ['GET /api/v2/orders', 'GET /api/v2/orders/:param'],
    ],
    // A few different words under one prefix are routes, not slugs (under maxChildren they stay).
    [
      ['/products/search', '/products/featured', '/products/new'],
      ['GET /products/search', 'GET /products/featured', 'GET /products/new'],
    ],
    [['/reports/2026-12-03/summary'], ['GET /reports/:param/summary']],
  ])('in sequence %o → %o', (paths, templates) => {
    const t = new TemplateInferrer();
    expect(paths.map((p) => t.observe('GET', p))).toEqual(templates);
  });

  it('keeps the methods apart', () => {
    const t = new TemplateInferrer();
    expect(t.observe('GET', '/cart/1')).toBe('GET /cart/:param');
    expect(t.observe('POST', '/cart/1')).toBe('POST /cart/:param');
    expect(t.size).toBe(2);
  });

  it('folds slugs once a prefix has too many, while a frequent literal (/products/search) stays', () => {
    const t = new TemplateInferrer({ maxChildren: 10 });
    for (let i = 0; i < 50; i++) t.observe('GET', '/products/search');
    for (let i = 0; i < 9; i++) expect(t.observe('GET', `/products/shoe-${'abcdefghi'[i]}`)).toBe(`GET /products/shoe-${'abcdefghi'[i]}`);
    // The eleventh distinct value folds the rare ones.
    expect(t.observe('GET', '/products/red-hat')).toBe('GET /products/:param');
    expect(t.observe('GET', '/products/green-scarf')).toBe('GET /products/:param');
    expect(t.observe('GET', '/products/shoe-a')).toBe('GET /products/:param');
    expect(t.observe('GET', '/products/search')).toBe('GET /products/search');
    expect(t.canonical('GET /products/shoe-b')).toBe('GET /products/:param');
    expect(t.canonical('GET /products/search')).toBe('GET /products/search');
    // search, and the one :param template: the slugs' nine templates became one.
    expect(t.size).toBe(2);
  });

  it('folds the subtrees too: /products/SLUG/reviews become /products/:param/reviews', () => {
    const t = new TemplateInferrer({ maxChildren: 5 });
    for (const slug of ['a-a', 'b-b', 'c-c', 'd-d', 'e-e']) t.observe('GET', `/products/${slug}/reviews`);
    expect(t.observe('GET', '/products/f-f/reviews')).toBe('GET /products/:param/reviews');
    expect(t.canonical('GET /products/a-a/reviews')).toBe('GET /products/:param/reviews');
    expect(t.size).toBe(1);
  });

  it('bounds memory under a scanner: at most maxTemplates templates, the rest (other)', () => {
    const t = new TemplateInferrer({ maxTemplates: 100, maxChildren: 1_000 });
    let other = 0;
    for (let i = 0; i < 20_000; i++) if (t.observe('GET', `/scan${i}/x${i % 7}/${i}`) === OTHER) other++;
    expect(t.size).toBeLessThanOrEqual(100);
    expect(other).toBeGreaterThan(0);
    // Nodes stay bounded by the templates (three segments each), not by the 20,000 paths.
    expect(t.nodeCount).toBeLessThanOrEqual(100 * 3 + 1);
  });

  it('bounds depth: deeper paths end in *', () => {
    const t = new TemplateInferrer({ maxDepth: 3 });
    expect(t.observe('GET', '/a/b/c/d/e/f')).toBe('GET /a/b/c/*');
  });

  it('with the default options, a scan of random words folds into one template per prefix', () => {
    const t = new TemplateInferrer();
    for (let i = 0; i < 5_000; i++) t.observe('GET', `/wp-admin/${Math.random().toString(36).slice(2, 8).replace(/\d/g, 'x')}`);
    expect(t.size).toBeLessThanOrEqual(25);
  });
});
