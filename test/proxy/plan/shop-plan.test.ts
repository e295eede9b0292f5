import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlanFile } from '../../../proxy/plan/index.js';
import { ROOT } from './fixtures.js';

describe('migration-plans/shop.yaml', () => {
  const { plan } = loadPlanFile(join(ROOT, 'migration-plans/shop.yaml'));

  it('fronts the shop on the documented addresses', () => {
    expect(plan.monolith.url).toBe('http://127.0.0.1:3000');
    expect(plan.listen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(plan.admin).toMatchObject({ host: '127.0.0.1', port: 9901 });
    expect(plan.lambda.endpoint).toBe('http://127.0.0.1:9001');
  });

  it('declares the catalog function, built by `npm run build`, relative to the plan', () => {
    expect(plan.functions).toEqual([expect.objectContaining({ name: 'shop-catalog', handler: '../dist/examples/shop/functions/catalog.handler' })]);
  });

  it('sends the catalog to shop-catalog (live or shadow) and keeps every other area off', () => {
    const catalog = plan.routes.filter((r) => r.function.name === 'shop-catalog');
    expect(catalog.map((r) => r.match.path).sort()).toEqual(['/categories', '/products', '/products/:id', '/products/:id/image', '/products/search']);
    for (const r of catalog) expect(['live', 'shadow']).toContain(r.stage);
    const others = plan.routes.filter((r) => r.function.name !== 'shop-catalog');
    expect(new Set(others.map((r) => r.function.name))).toEqual(new Set(['shop-cart', 'shop-checkout', 'shop-orders', 'shop-shipping']));
    for (const r of others) expect(r.stage).toBe('off');
  });

  it('maps every step of the shipping flow', () => {
    const shipping = plan.routes.filter((r) => r.function.name === 'shop-shipping').map((r) => `${r.match.methods.join(',')} ${r.match.path}`);
    expect(shipping).toEqual([
      'GET,HEAD /shipping/:orderId',
      'POST /shipping/:orderId/address',
      'POST /shipping/:orderId/label',
      'POST /shipping/:orderId/confirmation',
    ]);
  });
});
