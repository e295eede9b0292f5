import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, waitFor } from '../../../helpers/index.js';
import { startLambdaBench, type LambdaBench, type PlanProxy } from '../../targets/helpers.js';

// Issue 16 item 11: `strangler_shadow_skipped_total` had no `unsafe` series although the README lists the reason:
// the proxy never asked the shadow service about unsafe methods. Now it does, in `shadow` and in `live`, so a
// POST that is not shadowed is counted, and a route's dry-run contract shadows it (the function gets it).
let bench: LambdaBench;
let running: PlanProxy;
let url: string;
let adminUrl: string;

beforeAll(async () => {
  bench = await startLambdaBench();
  running = await bench.planProxy(
    [
      { id: 'products', match: { path: '/products' }, function: { name: 'routing' }, stage: 'shadow' },
      { id: 'orders', match: { path: '/orders' }, function: { name: 'routing' }, stage: 'live' },
      { id: 'drafts', match: { path: '/drafts' }, function: { name: 'routing' }, stage: 'shadow', shadow: { unsafe: 'dry-run' } },
    ],
    { shadow: { store: { path: ':memory:' } } },
  );
  ({ url, adminUrl } = running);
});
afterAll(async () => {
  await bench?.close();
});

const metrics = () => running.metrics();
const post = (path: string) => send(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });

describe('strangler_shadow_skipped_total{reason="unsafe"}', () => {
  it('counts a POST in shadow (the monolith serves it) and in live (the function serves it)', async () => {
    expect((await post('/products')).status).toBe(200);
    const live = await post('/orders');
    expect(live.status).toBe(200);
    expect(live.headers['x-strangler-served-by']).toBe('lambda');
    const text = await metrics();
    expect(text).toContain('strangler_shadow_skipped_total{route="products",reason="unsafe"} 1');
    expect(text).toContain('strangler_shadow_skipped_total{route="orders",reason="unsafe"} 1');
    // The report (GET /shadow/report) counts them too.
    const report = (await (await fetch(`${adminUrl}/shadow/report`)).json()) as { routes: Array<{ route: string; skipped: Record<string, number> }> };
    expect(report.routes.find((r) => r.route === 'products')!.skipped).toEqual({ unsafe: 1 });
  });

  it('a GET is shadowed, not skipped', async () => {
    expect((await send(`${url}/products`)).status).toBe(200);
    await waitFor(async () => /strangler_shadow_comparisons_total\{route="products",result="[a-z]+"\} 1/.test(await metrics()), {
      what: 'the GET to be compared',
    });
    expect(await metrics()).toContain('strangler_shadow_skipped_total{route="products",reason="unsafe"} 1');
  });

  it('with shadow.unsafe: dry-run the POST is shadowed to the function, not skipped; the monolith got it once', async () => {
    const before = bench.monolith.requests.filter((r) => r.method === 'POST' && r.url === '/drafts').length;
    expect((await post('/drafts')).status).toBe(200);
    await waitFor(async () => /strangler_shadow_comparisons_total\{route="drafts",result="[a-z]+"\} 1/.test(await metrics()), {
      what: 'the dry-run POST to be compared',
    });
    expect(bench.invocations()).toContain('POST /drafts');
    expect(await metrics()).not.toContain('strangler_shadow_skipped_total{route="drafts"');
    expect(bench.monolith.requests.filter((r) => r.method === 'POST' && r.url === '/drafts').length).toBe(before + 1);
  });
});
