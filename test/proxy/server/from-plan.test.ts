import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlanProxy, type Proxy } from '../../../proxy/index.js';
import { logSink, loaded, route, startUpstream, testPlan, type Upstream } from '../../helpers/index.js';
import { waitFor } from '../../helpers/wait.js';

describe('createPlanProxy: flags, pins and the shadow report wired from the plan', () => {
  let mono: Upstream | undefined;
  let proxy: Proxy | undefined;

  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    await mono?.close();
    mono = undefined;
  });

  it('serves the plan stage, honours an admin pin, and reports the pinned stage in /shadow/report', async () => {
    mono = await startUpstream((req, res) => res.end(`monolith ${req.url}`));
    const logs = logSink();
    const plan = testPlan({
      monolith: { url: mono.url },
      shadow: { store: { path: ':memory:' } },
      routes: [route('products', '/products', ['GET'], { stage: 'off' })],
    });
    proxy = await createPlanProxy(loaded(plan), { logDestination: logs.stream });
    const { url, adminUrl } = await proxy.listen();

    const first = await request(url).get('/products').expect(200);
    expect(first.text).toBe('monolith /products');
    const before = await logs.waitFor((l) => l.msg === 'request' && l.path === '/products');
    expect(before).toMatchObject({ routeId: 'products', stage: 'off', stageSource: 'static', servedBy: 'monolith' });

    const pinned = await request(adminUrl).post('/routes/products/pin').send({ stage: 'shadow', reason: 'INC-1: trying the copy' }).expect(200);
    expect(pinned.body).toMatchObject({ route: 'products', pin: { stage: 'shadow', reason: 'INC-1: trying the copy' } });

    await request(url).get('/products?after=pin').expect(200);
    const after = await logs.waitFor((l) => l.msg === 'request' && l.stageSource === 'pin');
    expect(after).toMatchObject({ routeId: 'products', stage: 'shadow', servedBy: 'monolith' });

    const report = await request(adminUrl).get('/shadow/report').expect(200);
    const row = (report.body.routes as Array<{ route: string; stage: string | null }>).find((r) => r.route === 'products');
    expect(row?.stage).toBe('shadow');
  });

  it('refuses an unknown stage in a pin with a coded 400, and the route keeps its stage', async () => {
    mono = await startUpstream((_req, res) => res.end('ok'));
    const plan = testPlan({
      monolith: { url: mono.url },
      shadow: { store: { path: ':memory:' } },
      routes: [route('products', '/products', ['GET'], { stage: 'off' })],
    });
    proxy = await createPlanProxy(loaded(plan), { logDestination: logSink().stream });
    const { adminUrl } = await proxy.listen();
    const res = await request(adminUrl).post('/routes/products/pin').send({ stage: 'liev', reason: 'typo' }).expect(400);
    expect(res.body.error.code).toMatch(/^STRANGLER_/);
    const routes = await request(adminUrl).get('/routes').expect(200);
    expect(JSON.stringify(routes.body)).toContain('"off"');
  });

  it("applies a reloaded plan's server.logLevel to the logger it made", async () => {
    mono = await startUpstream((_req, res) => res.end('ok'));
    const input = { monolith: { url: mono.url }, shadow: { store: { path: ':memory:' } }, routes: [route('products', '/products', ['GET'])] };
    const logs = logSink();
    proxy = await createPlanProxy(loaded(testPlan(input)), { logDestination: logs.stream });
    const { url } = await proxy.listen();
    // Positive control: at the plan's default level a request's line is written (on the response's close).
    await request(url).get('/products?loud=1').expect(200);
    await waitFor(() => logs.filter((l) => l.msg === 'request').length === 1, { what: 'the info request line before the reload' });
    proxy.reload(loaded(testPlan({ ...input, server: { logLevel: 'warn' } })));
    expect(proxy.logger.level).toBe('warn');
    await request(url).get('/products?quiet=1').expect(200);
    await request(url).get('/nowhere-logged').expect(200);
    // A request the front door rejects is logged at warn, after the two above were answered: once its line is
    // there, theirs would be too if `info` were still on.
    await request(url).get('/a%2Fb').expect(400);
    await waitFor(() => logs.filter((l) => l.msg === 'request' && l.level === 40).length === 1, { what: 'the warn line of the rejected request' });
    expect(logs.filter((l) => l.msg === 'request').map((l) => l.level)).toEqual([30, 40]);
  });
});
