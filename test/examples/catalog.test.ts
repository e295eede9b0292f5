import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { catalogRouter, createCatalog, createShopApp, DEFAULT_SEED, type ProductSummary } from '../../examples/shop/index.js';
import { binary, NOW, shop } from './helpers.js';

type Page = { items: ProductSummary[]; page: number; pageSize: number; total: number; totalPages: number; sort: string; servedAt: string };

describe('catalog: list', () => {
  const app = shop();

  it('pages through ~50 products, 10 per page by default, in catalog order', async () => {
    const res = await request(app)
      .get('/products')
      .expect(200)
      .expect('content-type', /application\/json/);
    const body = res.body as Page;
    expect(body).toMatchObject({ page: 1, pageSize: 10, total: 50, totalPages: 5, sort: 'featured', servedAt: NOW.toISOString() });
    expect(body.items.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(body.items[0]).toEqual({
      id: 1,
      name: expect.any(String),
      category: 'books',
      priceCents: expect.any(Number),
      currency: 'EUR',
      rating: expect.any(Number),
      inStock: expect.any(Boolean),
      imageUrl: '/products/1/image',
    });
  });

  it('honours page and pageSize; a page past the end is empty', async () => {
    const last = (await request(app).get('/products?page=3&pageSize=20').expect(200)).body as Page;
    expect(last.items.map((p) => p.id)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
    expect(last).toMatchObject({ page: 3, pageSize: 20, totalPages: 3 });
    const past = (await request(app).get('/products?page=4&pageSize=20').expect(200)).body as Page;
    expect(past.items).toEqual([]);
    expect(past.total).toBe(50);
  });

  it.each([
    ['price', (a: ProductSummary, b: ProductSummary) => a.priceCents <= b.priceCents],
    ['-price', (a: ProductSummary, b: ProductSummary) => a.priceCents >= b.priceCents],
    ['rating', (a: ProductSummary, b: ProductSummary) => a.rating <= b.rating],
    ['-rating', (a: ProductSummary, b: ProductSummary) => a.rating >= b.rating],
    ['name', (a: ProductSummary, b: ProductSummary) => a.name.localeCompare(b.name, 'en') <= 0],
    ['-name', (a: ProductSummary, b: ProductSummary) => a.name.localeCompare(b.name, 'en') >= 0],
  ])('sort=%s orders the whole list', async (sort, inOrder) => {
    const { items, sort: echoed } = (await request(app).get(`/products?sort=${sort}&pageSize=50`).expect(200)).body as Page;
    expect(echoed).toBe(sort);
    expect(items).toHaveLength(50);
    for (let i = 1; i < items.length; i++) expect(inOrder(items[i - 1]!, items[i]!), `${sort} at ${i}`).toBe(true);
  });

  it('filters by category and price range, combined', async () => {
    const books = (await request(app).get('/products?category=books&pageSize=50').expect(200)).body as Page;
    expect(books.total).toBe(10);
    expect(books.items.every((p) => p.category === 'books')).toBe(true);

    const cheap = (await request(app).get('/products?category=kitchen&minPriceCents=2000&maxPriceCents=9999&pageSize=50').expect(200)).body as Page;
    expect(cheap.total).toBeGreaterThan(0);
    expect(cheap.total).toBeLessThan(10);
    for (const p of cheap.items) {
      expect(p.category).toBe('kitchen');
      expect(p.priceCents).toBeGreaterThanOrEqual(2000);
      expect(p.priceCents).toBeLessThanOrEqual(9999);
    }
  });

  it('filters by free text `q` (every word must match) and keeps the requested order', async () => {
    const { items } = (await request(app).get('/products?q=wooden&sort=price&pageSize=50').expect(200)).body as Page;
    expect(items.length).toBeGreaterThan(0);
    const catalog = createCatalog();
    for (const p of items) {
      const full = catalog.get(p.id)!;
      expect(`${full.name} ${full.tags.join(' ')} ${full.description}`.toLowerCase()).toContain('wooden');
    }
    expect(items.map((p) => p.priceCents)).toEqual([...items.map((p) => p.priceCents)].sort((a, b) => a - b));
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await request(app).head('/products').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.text).toBeUndefined();
  });

  it('lists the categories with their counts', async () => {
    const res = await request(app).get('/categories').expect(200);
    expect(res.body).toEqual({
      items: ['books', 'electronics', 'garden', 'kitchen', 'toys'].map((name) => ({ name, productCount: 10 })),
      servedAt: NOW.toISOString(),
    });
  });
});

describe('catalog: search', () => {
  const app = shop();

  it('ranks by relevance by default: name matches first', async () => {
    const res = await request(app).get('/products/search?q=wooden').expect(200);
    const body = res.body as Page & { query: string };
    expect(body).toMatchObject({ query: 'wooden', sort: 'relevance' });
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items[0]!.name.toLowerCase()).toContain('wooden');
  });

  it('needs every word to match', async () => {
    const one = (await request(app).get('/products/search?q=train').expect(200)).body as Page;
    const two = (await request(app).get('/products/search?q=train%20wooden').expect(200)).body as Page;
    expect(two.total).toBeLessThanOrEqual(one.total);
    expect(two.items.every((p) => one.items.some((o) => o.id === p.id))).toBe(true);
  });

  it('without q is a 400 naming the parameter', async () => {
    const res = await request(app).get('/products/search').expect(400);
    expect(res.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'q: is required: the words to search for', field: 'q' } });
  });
});

describe('catalog: detail and image', () => {
  const app = shop();

  it('returns the whole product with its nondeterministic fields', async () => {
    const res = await request(app).get('/products/7').expect(200);
    expect(res.body).toMatchObject({ id: 7, category: 'electronics', currency: 'EUR', imageUrl: '/products/7/image', servedAt: NOW.toISOString() });
    expect(res.body).toHaveProperty('description');
    expect(res.body).toHaveProperty('tags');
    expect(new Date(res.body.updatedAt as string).getTime()).toBeLessThan(NOW.getTime());
  });

  it('404 for an unknown product, 400 for an id that is not one', async () => {
    expect((await request(app).get('/products/999').expect(404)).body).toEqual({ error: { code: 'NOT_FOUND', message: 'product 999 does not exist' } });
    expect((await request(app).get('/products/abc').expect(400)).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'id' });
    await request(app).get('/products/0').expect(400);
  });

  it('serves a PNG thumbnail as binary', async () => {
    const res = await request(app).get('/products/7/image').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=86400');
    const png = res.body as Buffer;
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([32, 32]);
    expect(Number(res.headers['content-length'])).toBe(png.length);
    // Deterministic, and different per product.
    const again = (await request(app).get('/products/7/image').buffer(true).parse(binary)).body as Buffer;
    const other = (await request(app).get('/products/8/image').buffer(true).parse(binary)).body as Buffer;
    expect(again.equals(png)).toBe(true);
    expect(other.equals(png)).toBe(false);
  });

  it('404s the image of an unknown product as JSON', async () => {
    const res = await request(app).get('/products/999/image').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('catalog: bad query parameters are 400s naming the parameter', () => {
  const app = shop();
  it.each([
    ['/products?sort=cheapest', 'sort', 'sort: must be one of featured, relevance, price, -price, name, -name, rating, -rating, got "cheapest"'],
    ['/products?sort=relevance', 'sort', 'sort: relevance needs a search text in q'],
    ['/products?category=shoes', 'category', 'category: unknown category "shoes"; one of books, electronics, garden, kitchen, toys'],
    ['/products?page=0', 'page', 'page: must be between 1 and 10000, got 0'],
    ['/products?page=two', 'page', 'page: must be an integer, got "two"'],
    ['/products?pageSize=51', 'pageSize', 'pageSize: must be between 1 and 50, got 51'],
    ['/products?page=1&page=2', 'page', 'page: must be given once, as a plain value'],
    ['/products?minPriceCents=500&maxPriceCents=100', 'minPriceCents', 'minPriceCents: must not exceed maxPriceCents (500 > 100)'],
    [`/products?q=${'x'.repeat(101)}`, 'q', 'q: must be at most 100 characters'],
  ])('%s', async (url, field, message) => {
    const res = await request(app)
      .get(url)
      .expect(400)
      .expect('content-type', /application\/json/);
    expect(res.body).toEqual({ error: { code: 'VALIDATION_FAILED', message, field } });
  });
});

describe('catalog data', () => {
  it('is seeded: two catalogs with the same seed hold the same products, apart from updatedAt', () => {
    const strip = (c: ReturnType<typeof createCatalog>) => c.products.map(({ updatedAt: _, ...p }) => p);
    const a = createCatalog({ now: new Date('2025-01-01T00:00:00Z') });
    const b = createCatalog({ now: new Date('2025-06-01T00:00:00Z') });
    expect(a.products).toHaveLength(50);
    expect(strip(a)).toEqual(strip(b));
    expect(a.products[0]!.updatedAt).not.toBe(b.products[0]!.updatedAt);
    expect(strip(createCatalog({ seed: DEFAULT_SEED + 1 }))).not.toEqual(strip(a));
  });

  it('prices are integer cents, names unique, some products out of stock', () => {
    const { products } = createCatalog();
    expect(products.every((p) => Number.isInteger(p.priceCents) && p.priceCents > 0)).toBe(true);
    expect(new Set(products.map((p) => p.name)).size).toBe(products.length);
    expect(products.some((p) => p.stock === 0)).toBe(true);
  });
});

describe('the catalog router on its own (as the extracted function runs it)', () => {
  it('answers like the monolith, errors included', async () => {
    const alone = express().use(catalogRouter({ clock: () => NOW }));
    const monolith = createShopApp({ clock: () => NOW });
    for (const url of ['/products?category=toys&sort=-rating', '/products/search?q=lamp', '/categories', '/products?sort=nope', '/products/999']) {
      const [a, m] = await Promise.all([request(alone).get(url), request(monolith).get(url)]);
      expect(a.status, url).toBe(m.status);
      expect(a.body, url).toEqual(m.body);
    }
  });
});
