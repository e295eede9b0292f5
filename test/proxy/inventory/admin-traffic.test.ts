import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTraffic } from '../../../proxy/inventory/index.js';
import { ShadowStore } from '../../../proxy/shadow/store/index.js';
import { startLambdaProxy, type LambdaProxy } from '../../helpers/lambda-proxy.js';
import { startProxy, startUpstream, tempDir, testPlan, type RunningProxy, type TempDir, type Upstream } from '../../helpers/index.js';

describe('GET /traffic on a running proxy with a function, a monolith and unmatched traffic', () => {
  let sys: LambdaProxy;
  let dir: TempDir;
  let closed = false;
  const started = Date.now();
  beforeAll(async () => {
    dir = tempDir('strangler-inventory-');
    sys = await startLambdaProxy({
      functions: [{ name: 'echo', handler: 'http-echo.handler', timeout: 5 }],
      monolith: (req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      },
      plan: ({ monolith, lambda }) =>
        testPlan({
          monolith: { url: monolith },
          lambda: { endpoint: lambda },
          shadow: { store: { path: dir.path('shadow.sqlite') } },
          routes: [
            { id: 'live-route', match: { path: '/live', methods: ['GET'] }, function: { name: 'echo' }, stage: 'live' },
            { id: 'off-route', match: { path: '/off' }, function: { name: 'echo' }, stage: 'off' },
          ],
        }),
    });
    for (let i = 0; i < 3; i++) expect((await fetch(`${sys.url}/live`)).headers.get('x-strangler-served-by')).toBe('lambda');
    for (let i = 0; i < 2; i++) expect((await fetch(`${sys.url}/off`)).status).toBe(200);
    for (const id of [11, 22, 33, 44]) expect((await fetch(`${sys.url}/users/${id}/profile?token=secret`)).status).toBe(200);
  });
  afterAll(async () => {
    if (!closed) await sys?.close();
    dir?.remove();
  });

  it('answers the share served by functions per minute, routes by stage and the unmatched inventory', async () => {
    const res = await fetch(`${sys.adminUrl}/traffic?since=1h`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ enabled: true, requests: 9, lambda: 3, stages: { live: 1, off: 1 } });
    expect(body.store).toBe(dir.path('shadow.sqlite'));
    // The minutes add up to the whole (the requests may straddle a minute's end).
    expect(body.minutes.reduce((n: number, m: { requests: number }) => n + m.requests, 0)).toBe(9);
    expect(body.minutes.reduce((n: number, m: { lambda: number }) => n + m.lambda, 0)).toBe(3);
    expect(body.minutes[0].minute).toBeGreaterThanOrEqual(started - (started % 60_000));
    expect(body.routes).toEqual([
      { id: 'live-route', stage: 'live', requests: 3, lambda: 3 },
      { id: 'off-route', stage: 'off', requests: 2, lambda: 0 },
    ]);
    expect(body.unmatched).toMatchObject({ requests: 4, share: 0.4444 });
    expect(body.unmatched.templates).toHaveLength(1);
    const [t] = body.unmatched.templates;
    expect(t).toMatchObject({ template: 'GET /users/:param/profile', method: 'GET', requests: 4, share: 0.4444, status: { '2xx': 4, '4xx': 0, '5xx': 0 } });
    expect(t.p50Ms).toBeGreaterThan(0);
    expect(t.p99Ms).toBeGreaterThanOrEqual(t.p50Ms);
    // Never a raw URL or query.
    expect(JSON.stringify(body)).not.toMatch(/secret|\/users\/11/);
  });

  it('a `since` that is not a duration is a coded 400', async () => {
    for (const since of ['yesterday', '0h', '-1h']) {
      const res = await fetch(`${sys.adminUrl}/traffic?since=${since}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error.code).toBe('STRANGLER_INVENTORY_BAD_QUERY');
    }
  });

  it('on close the open minute is written to the store, where readTraffic finds every request', async () => {
    await sys.close();
    closed = true;
    const store = ShadowStore.open(dir.path('shadow.sqlite'), { maxSamples: 1, retentionDays: 1, flushIntervalMs: 0, mustExist: true });
    try {
      const minutes = await readTraffic(store, { since: started - 60_000 });
      const by = (template: string): number => minutes.filter((a) => a.template === template).reduce((n, a) => n + a.requests, 0);
      expect([by('GET /live'), by('GET /off'), by('GET /users/:param/profile')]).toEqual([3, 2, 4]);
      expect(minutes.find((a) => a.template === 'GET /live')?.routeId).toBe('live-route');
    } finally {
      store.close();
    }
  });
});

describe('GET /traffic without a results store, behind the admin token', () => {
  const TOKEN = 'inventory-token';
  let mono: Upstream;
  let p: RunningProxy;
  beforeAll(async () => {
    mono = await startUpstream((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: hi\n\n');
    });
    p = await startProxy(testPlan({ monolith: { url: mono.url }, admin: { tokenEnv: 'INVENTORY_TOKEN' } }), { env: { INVENTORY_TOKEN: TOKEN } });
    await (await fetch(`${p.url}/events`)).text();
  });
  afterAll(async () => {
    await p?.close();
    await mono?.close();
  });

  it('answers 401 without the token, and the in-memory minutes with it', async () => {
    expect((await fetch(`${p.adminUrl}/traffic`)).status).toBe(401);
    const res = await fetch(`${p.adminUrl}/traffic`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ store: null, requests: 1, lambda: 0, routes: [], stages: {} });
    expect(body.unmatched.templates.map((t: { template: string }) => t.template)).toEqual(['GET /events']);
  });
});
