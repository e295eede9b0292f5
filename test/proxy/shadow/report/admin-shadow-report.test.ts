import { afterEach, describe, expect, it } from 'vitest';
import { createShadowService, type ShadowService } from '../../../../proxy/shadow/index.js';
import { route, testPlan, useProxy } from '../../../helpers/index.js';
import { json } from '../runner/helpers.js';
import { compareResponses, exactRules } from '../../../../proxy/shadow/compare/index.js';

describe('GET /shadow/report on the admin API', () => {
  let service: ShadowService | undefined;
  afterEach(async () => {
    await service?.close();
  });
  // Registered after the service's hook: vitest runs after-hooks newest first, so the proxy closes before its store.
  const startProxy = useProxy();

  async function start(admin: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) {
    const plan = testPlan({
      monolith: { url: 'http://127.0.0.1:1' },
      admin: admin as never,
      shadow: { store: { path: ':memory:' } },
      routes: [route('products', '/products/:id', ['GET'], { stage: 'shadow' }), route('cart', '/cart')],
    });
    service = createShadowService({ loaded: { plan, dir: process.cwd() } });
    const red = service.route('products')!.redaction;
    for (const [a, b] of [
      [{ p: 1 }, { p: 1 }],
      [{ p: 1 }, { p: 2 }],
    ] as const) {
      service.store.recordComparison({
        route: 'products',
        at: Date.now(),
        servedBy: 'monolith',
        latencyMs: { monolith: 5, lambda: 7 },
        result: compareResponses(json(a), json(b), exactRules()),
        noiseOnly: false,
        request: { id: 'r1', method: 'GET', url: '/products/1', headers: { authorization: 'Bearer s3cret' } },
        redaction: red,
      });
    }
    return startProxy(plan, { adminPlugins: [service.adminPlugin()], env });
  }

  it('answers the report as JSON, one route with ?route, text with ?format=text', async () => {
    const { adminUrl } = await start();
    const all = await fetch(`${adminUrl}/shadow/report`);
    expect(all.status).toBe(200);
    expect(all.headers.get('cache-control')).toBe('no-store');
    const doc = (await all.json()) as {
      routes: { route: string; compared: number; matchRate: number | null; stage: string; example: { headers: Record<string, string> } | null }[];
    };
    expect(doc.routes.map((r) => [r.route, r.stage, r.compared, r.matchRate])).toEqual([
      ['products', 'shadow', 2, 0.5],
      ['cart', 'off', 0, null],
    ]);
    expect(doc.routes[0]!.example!.headers.authorization).toBe('[REDACTED]');

    const one = (await (await fetch(`${adminUrl}/shadow/report?route=cart`)).json()) as { routes: unknown[] };
    expect(one.routes).toHaveLength(1);

    const text = await fetch(`${adminUrl}/shadow/report?format=text`);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await text.text()).toMatch(/^products\s+shadow\s+2\s+50\.00%/m);
  });

  it('unknown route → 404 with a code; bad query → 400', async () => {
    const { adminUrl } = await start();
    const r = await fetch(`${adminUrl}/shadow/report?route=nope`);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('STRANGLER_SHADOW_UNKNOWN_ROUTE');
    const q = await fetch(`${adminUrl}/shadow/report?samples=lots`);
    expect(q.status).toBe(400);
    expect(((await q.json()) as { error: { code: string } }).error.code).toBe('STRANGLER_SHADOW_BAD_QUERY');
  });

  it('is behind the admin token like every admin route', async () => {
    const { adminUrl } = await start({ tokenEnv: 'SHADOW_TEST_TOKEN' }, { SHADOW_TEST_TOKEN: 'tok' });
    expect((await fetch(`${adminUrl}/shadow/report`)).status).toBe(401);
    expect((await fetch(`${adminUrl}/shadow/report`, { headers: { authorization: 'Bearer tok' } })).status).toBe(200);
  });
});
