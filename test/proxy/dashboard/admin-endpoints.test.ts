import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendTraffic, startDashboardProxy, TOKEN, type DashboardProxy } from './fixture.js';

describe('dashboard admin endpoints on a running proxy (createPlanProxy) with traffic', () => {
  let p: DashboardProxy;
  beforeAll(async () => {
    p = await startDashboardProxy();
    await sendTraffic(p, { products: 20, cart: 6, boom: 2 });
  });
  afterAll(async () => {
    await p?.close();
  });

  it('GET / serves the page shell without the token, with a strict CSP and no data in it', async () => {
    const res = await fetch(new URL('/', p.adminUrl));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('www-authenticate')).toBeNull();
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("connect-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(html).toContain('<title>strangler · migration dashboard</title>');
    // The shell is the same with or without the token, and names no route (data only comes from the API).
    expect(html).not.toContain('products');
    const authed = await fetch(new URL('/', p.adminUrl), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await authed.text()).toBe(html);
  });

  it('the inline script is valid JavaScript', async () => {
    const html = await (await fetch(new URL('/', p.adminUrl))).text();
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    expect(() => new Function(script)).not.toThrow();
  });

  it('data endpoints keep the admin token: /stats and /routes/:id/gates answer 401 without it', async () => {
    for (const path of ['/stats', '/routes/products/gates', '/routes']) {
      const res = await fetch(new URL(path, p.adminUrl));
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('STRANGLER_ADMIN_UNAUTHORIZED');
    }
  });

  it('GET /stats: requests per route and side over the window, split, latency, error rate', async () => {
    const stats = await p.admin('/stats');
    expect(stats).toMatchObject({ windowSeconds: 300, bucketSeconds: 10 });
    expect(stats.routes.map((r: { route: string }) => r.route)).toEqual(['products', 'cart', 'boom', '(unmatched)']);
    const [products, cart, boom] = stats.routes;
    expect(products).toMatchObject({
      requests: 20,
      monolith: { requests: 20, errors: 0 },
      lambda: { requests: 0, p50: null },
      split: { monolith: 1, lambda: 0 },
      errorRate: 0,
      fallbackRate: null,
    });
    expect(products.monolith.p50).toBeGreaterThan(0);
    expect(products.monolith.p99).toBeGreaterThanOrEqual(products.monolith.p50);
    expect(cart).toMatchObject({ requests: 6, errors: 0 });
    expect(boom).toMatchObject({ requests: 2, errors: 2, errorRate: 1, monolith: { errors: 2 } });
    expect(products.series.monolith.reduce((a: number, b: number) => a + b, 0)).toBe(20);
  });

  it('GET /stats?window= narrows the window; a bad window is a coded 400', async () => {
    const narrow = await p.admin('/stats?window=60');
    expect(narrow.windowSeconds).toBe(60);
    expect(narrow.routes[0].series.monolith).toHaveLength(6);
    for (const bad of ['0', '301', 'abc', '1.5']) {
      const res = await fetch(new URL(`/stats?window=${bad}`, p.adminUrl), { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('STRANGLER_DASHBOARD_BAD_QUERY');
    }
  });

  it('GET /routes/:id/gates: the next stage gate with its checks, as strangler promote checks it', async () => {
    const gates = await p.admin('/routes/products/gates');
    // 20 comparisons, ids 4, 8, 12, 16, 20 differ: 75 % match, under the plan's 90 %.
    expect(gates).toMatchObject({
      route: 'products',
      stage: 'shadow',
      next: 'live',
      compared: 20,
      matchRate: 0.75,
      gate: {
        stage: 'live',
        pass: false,
        checks: [
          { name: 'minSamples', required: 10, actual: 20, pass: true },
          { name: 'minMatchRate', required: 0.9, actual: 0.75, pass: false, message: 'match rate 75.00%; the gate needs at least 90.00% (minMatchRate)' },
          // From the built-in gate (the plan's live gate is merged over it).
          { name: 'maxShadowErrorRate', required: 0.01, actual: 0, pass: true },
        ],
      },
    });
    const report = await p.admin('/shadow/report?route=products');
    expect(gates.gate).toEqual(report.routes[0].gate);
  });

  it('GET /routes/:id/gates for an unknown route is a coded 404', async () => {
    const res = await fetch(new URL('/routes/nope/gates', p.adminUrl), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('STRANGLER_DASHBOARD_UNKNOWN_ROUTE');
  });
});
