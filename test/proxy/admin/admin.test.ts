import type { FastifyPluginAsync } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createProxy, type AdminContext } from '../../../proxy/index.js';
import { closedPort, route, send, testPlan, useProxy, useUpstream, type RunningProxy, type Upstream } from '../../helpers/index.js';

describe('admin API', () => {
  const startUpstream = useUpstream();
  const startProxy = useProxy();
  let mono: Upstream | undefined;
  let running: RunningProxy | undefined;

  it('GET /healthz answers 200 while the process runs, with the flag status in its details', async () => {
    mono = await startUpstream();
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    const res = await send(`${running.adminUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', details: { flags: 'loaded' } });
  });

  it('GET /readyz is 200 with every check passing', async () => {
    mono = await startUpstream();
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    const res = await send(`${running.adminUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      ready: true,
      status: 'ready',
      failing: [],
      degraded: [],
      checks: { plan: { ok: true }, monolith: { ok: true }, resolver: { ok: true }, draining: { ok: true } },
    });
  });

  it('GET /readyz stays 200 but degraded when the monolith is unreachable (every replica shares it)', async () => {
    running = await startProxy(testPlan({ monolith: { url: `http://127.0.0.1:${await closedPort()}` } }));
    const res = await send(`${running.adminUrl}/readyz`);
    expect(res.status).toBe(200);
    const body = res.json<{ ready: boolean; status: string; failing: string[]; degraded: string[]; checks: Record<string, { ok: boolean; detail: string }> }>();
    expect(body).toMatchObject({ ready: true, status: 'degraded', failing: [], degraded: ['monolith'] });
    expect(body.checks.monolith!.detail).toMatch(/ECONNREFUSED/);
  });

  it('flags not loaded (LaunchDarkly unreachable): ready but degraded in /readyz, /healthz and a metric; a critical added check still fails', async () => {
    mono = await startUpstream();
    let flagsReady = false;
    running = await startProxy(testPlan({ monolith: { url: mono.url } }), {
      stageResolver: { decide: (r) => ({ stage: r.stage, source: 'default' }), ready: () => flagsReady, close: async () => {} },
    });
    let res = await send(`${running.adminUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      ready: true,
      status: 'degraded',
      degraded: ['resolver'],
      checks: { resolver: { ok: false, detail: expect.stringMatching(/default stages/) } },
    });
    expect((await send(`${running.adminUrl}/healthz`)).json()).toEqual({ status: 'ok', details: { flags: 'degraded' } });
    expect((await send(`${running.adminUrl}/metrics`)).text).toMatch(/^strangler_flags_loaded 0$/m);

    // Positive control: the same proxy reports loaded flags once they arrive.
    flagsReady = true;
    expect((await send(`${running.adminUrl}/metrics`)).text).toMatch(/^strangler_flags_loaded 1$/m);
    expect((await send(`${running.adminUrl}/readyz`)).json()).toMatchObject({ status: 'ready', degraded: [] });

    running.proxy.addReadinessCheck({ name: 'lambda-service', check: () => ({ ok: false, detail: 'not started' }) });
    res = await send(`${running.adminUrl}/readyz`);
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({
      ready: false,
      status: 'not ready',
      failing: ['lambda-service'],
      checks: { 'lambda-service': { detail: 'not started' } },
    });
  });

  it('GET /readyz is 503 while draining, before the listener closes', async () => {
    mono = await startUpstream((req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end('done'), 500);
      else res.end('ok');
    });
    running = await startProxy(testPlan({ monolith: { url: mono.url }, server: { gracePeriodMs: 5_000 } }));
    const inFlight = send(`${running.url}/slow`);
    await new Promise((r) => setTimeout(r, 100));
    const closing = running.proxy.close();
    const res = await send(`${running.adminUrl}/readyz`);
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({ ready: false, status: 'not ready', failing: ['draining'] });
    await inFlight;
    await closing;
    running = undefined;
  });

  it('GET /routes lists every route with its current stage and source', async () => {
    mono = await startUpstream();
    running = await startProxy(
      testPlan({
        monolith: { url: mono.url },
        routes: [route('catalog', '/products', ['GET']), route('checkout', '/checkout', ['POST'], { stage: 'shadow', writes: 'dual' })],
      }),
    );
    const res = await send(`${running.adminUrl}/routes`);
    expect(res.status).toBe(200);
    // No invocation yet: the Lambda health (proxy/lambda-health) is all zeros and unknowns.
    const lambda = {
      invocations: 0,
      coldStarts: 0,
      coldStartRate: null,
      initDurationMs: { p50: null, p99: null },
      billedDurationMs: { p50: null, p99: null },
      throttles: 0,
      timeouts: 0,
    };
    expect(res.json()).toEqual({
      generation: 1,
      plan: '(plan object)',
      monolith: mono.url,
      routes: [
        {
          id: 'catalog',
          methods: ['GET'],
          path: '/products',
          function: { name: 'catalog' },
          writes: 'single',
          planStage: 'off',
          stage: 'off',
          source: 'static',
          lambda,
        },
        {
          id: 'checkout',
          methods: ['POST'],
          path: '/checkout',
          function: { name: 'checkout' },
          writes: 'dual',
          planStage: 'shadow',
          stage: 'shadow',
          source: 'static',
          lambda,
        },
      ],
    });
  });

  it('runs admin plugins with the AdminContext, behind the same token', async () => {
    mono = await startUpstream();
    const seen: AdminContext[] = [];
    const plugin: FastifyPluginAsync<AdminContext> = async (admin, ctx) => {
      seen.push(ctx);
      admin.get('/shadow/report', async () => ({ routes: ctx.loaded.plan.routes.length, generation: ctx.generation }));
    };
    running = await startProxy(testPlan({ monolith: { url: mono.url }, admin: { tokenEnv: 'ADMIN_TOKEN_T' }, routes: [route('a', '/a')] }), {
      env: { ADMIN_TOKEN_T: 's3cret' },
      adminPlugins: [plugin],
    });
    expect((await send(`${running.adminUrl}/shadow/report`)).status).toBe(401);
    const res = await send(`${running.adminUrl}/shadow/report`, { headers: { authorization: 'Bearer s3cret' } });
    expect(res.json()).toEqual({ routes: 1, generation: 1 });
    expect(seen[0]!.metrics.registry).toBe(running.proxy.metrics);
  });
});

describe('admin token', () => {
  const startUpstream = useUpstream();
  const startProxy = useProxy();
  let mono: Upstream;
  let running: RunningProxy | undefined;

  it.each(['/healthz', '/readyz', '/routes', '/metrics', '/no-such-route'])('requires Authorization: Bearer <token> on %s', async (path) => {
    mono = await startUpstream();
    running = await startProxy(testPlan({ monolith: { url: mono.url }, admin: { tokenEnv: 'STRANGLER_TEST_TOKEN' } }), {
      env: { STRANGLER_TEST_TOKEN: 'right-token' },
    });
    for (const authorization of [undefined, 'Bearer wrong-token', 'Basic cmlnaHQtdG9rZW4=', 'Bearer right-token-and-more', 'right-token']) {
      const res = await send(`${running.adminUrl}${path}`, { headers: authorization ? { authorization } : {} });
      expect(res.status, `${authorization}`).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'STRANGLER_ADMIN_UNAUTHORIZED' } });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    const ok = await send(`${running.adminUrl}${path}`, { headers: { authorization: 'Bearer right-token' } });
    expect(ok.status).toBe(path === '/no-such-route' ? 404 : 200);
  });

  it('does not guard the traffic listener', async () => {
    mono = await startUpstream((_req, res) => res.end('hi'));
    running = await startProxy(testPlan({ monolith: { url: mono.url }, admin: { tokenEnv: 'STRANGLER_TEST_TOKEN' } }), { env: { STRANGLER_TEST_TOKEN: 't' } });
    expect((await send(`${running.url}/metrics`)).text).toBe('hi');
  });

  it.each(['0.0.0.0', '::', '192.0.2.10'])('refuses to start with admin.host %s and no token configured', (host) => {
    expect(() => createProxy(testPlan({ monolith: { url: 'http://127.0.0.1:1' }, admin: { host } }))).toThrow(
      expect.objectContaining({ code: 'STRANGLER_ADMIN_TOKEN_REQUIRED' }),
    );
  });

  it.each([undefined, '', '   '])('refuses to start when admin.tokenEnv names an unset or empty variable (%j)', (value) => {
    const env = value === undefined ? {} : { ADMIN_T: value };
    expect(() => createProxy(testPlan({ monolith: { url: 'http://127.0.0.1:1' }, admin: { host: '0.0.0.0', tokenEnv: 'ADMIN_T' } }), { env })).toThrow(
      expect.objectContaining({ code: 'STRANGLER_ADMIN_TOKEN_EMPTY' }),
    );
  });

  it.each(['127.0.0.1', 'localhost', '::1', '127.1.2.3'])('starts on loopback %s without a token', (host) => {
    const proxy = createProxy(testPlan({ monolith: { url: 'http://127.0.0.1:1' }, admin: { host } }));
    return proxy.close();
  });
});
