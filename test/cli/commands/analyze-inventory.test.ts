import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSample, emptyAggregate, MINUTE_MS } from '../../../planner/inventory/index.js';
import { createPlanProxy } from '../../../proxy/index.js';
import { loadPlanFile } from '../../../proxy/plan/index.js';
import { ShadowStore } from '../../../proxy/shadow/store/index.js';
import { logSink, startUpstream, tempDir, testPlanInput, route, type TempDir, type Upstream } from '../../helpers/index.js';
import { run } from './shadow-cli-helpers.js';

/** A second replica's store file holding `requests` GET /products/:id of one minute at `at`. */
function replicaStore(file: string, at: number, requests: number): void {
  const minute = at - (at % MINUTE_MS);
  const agg = emptyAggregate(minute, 'GET', 'GET /products/:id', 'products');
  for (let i = 0; i < requests; i++) {
    addSample(agg, {
      time: minute,
      method: 'GET',
      template: 'GET /products/:id',
      routeId: 'products',
      status: 200,
      side: 'monolith',
      durationMs: 5,
      requestBytes: 0,
      responseBytes: 20,
    });
  }
  const store = ShadowStore.open(file, { maxSamples: 1, retentionDays: 14, flushIntervalMs: 0 });
  store.writeTraffic([agg], 0);
  store.close();
}

describe('strangler analyze without --log: the proxy traffic inventory in the plan store', () => {
  let dir: TempDir;
  let mono: Upstream;
  let plan: string;
  beforeAll(async () => {
    // Prepare: a plan file whose store is a SQLite file beside it, and a proxy started from that file.
    dir = tempDir('strangler-analyze-inventory-');
    mono = await startUpstream((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    plan = dir.writePlan(
      'plan.yaml',
      testPlanInput({
        monolith: { url: mono.url },
        shadow: { store: { path: 'traffic.sqlite' } },
        routes: [route('products', '/products/:id', ['GET']), route('cart', '/cart', ['POST'])],
      }),
    );
    // As `strangler proxy` starts it: the plan's results store, and the inventory writing into it.
    const proxy = await createPlanProxy(loadPlanFile(plan), { logDestination: logSink().stream });
    try {
      const { url } = await proxy.listen();
      // Act: a known mix, 6 products, 3 cart, 3 that no route matches.
      for (let i = 0; i < 6; i++) expect((await fetch(`${url}/products/${i}`)).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await fetch(`${url}/cart`, { method: 'POST', body: '{}' })).status).toBe(200);
      for (const id of [11, 22, 33]) expect((await fetch(`${url}/users/${id}/profile`)).status).toBe(200);
    } finally {
      // Closing writes the open minute to the store.
      await proxy.close();
    }
  });
  afterAll(async () => {
    await mono?.close();
    dir?.remove();
  });

  it('analyses the routes, requests and shares the proxy recorded, and says which store it read', async () => {
    const r = await run(['analyze', '--plan', plan, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.inventory).toMatchObject({ stores: [dir.path('traffic.sqlite')], window: '24h' });
    expect(Date.parse(report.inventory.since)).toBeGreaterThan(Date.now() - 24 * 3_600_000 - MINUTE_MS);
    expect(report.log).toBeUndefined();
    expect(report.requests).toBe(12);
    expect(report.routes.map((x: { key: string; routeId: string | null; requests: number; share: number }) => [x.key, x.routeId, x.requests, x.share])).toEqual(
      [
        ['GET /products/:id', 'products', 6, 0.5],
        ['GET /users/:param/profile', null, 3, 0.25],
        ['POST /cart', 'cart', 3, 0.25],
      ],
    );
    // The plan's stage and the monolith's durations come through as they do from a log.
    const products = report.routes.find((x: { routeId: string | null }) => x.routeId === 'products');
    expect(products).toMatchObject({ stage: 'off', status: [0, 6, 0, 0, 0] });
    expect(products.monolithMeanMs).toBeGreaterThan(0);
    expect(report.candidates.map((c: { name: string }) => c.name).sort()).toEqual(['cart', 'products', 'users']);
  });

  it('prints the same tables as for a log', async () => {
    const r = await run(['analyze', '--plan', plan]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Traffic: 12 requests over \d+ minute\(s\)/);
    expect(r.out).toMatch(/^ {2}GET \/products\/:id +products +off +6 +50%/m);
  });

  it('--store reads other replicas files instead, and their minutes add up', async () => {
    const other = dir.path('replica-b.sqlite');
    replicaStore(other, Date.now() - 3_600_000, 4);
    const report = JSON.parse((await run(['analyze', '--plan', plan, '--store', dir.path('traffic.sqlite'), '--store', other, '--json'])).out);
    expect(report.inventory.stores).toEqual([dir.path('traffic.sqlite'), other]);
    expect(report.requests).toBe(16);
    expect(report.routes[0]).toMatchObject({ key: 'GET /products/:id', requests: 10, share: 0.625 });
  });

  it('nothing in the --since window is STRANGLER_ANALYZE_NO_TRAFFIC, exit 1', async () => {
    const old = dir.path('old.sqlite');
    replicaStore(old, Date.now() - 3 * 3_600_000, 2);
    // Positive control: the default 24h sees the minute three hours ago.
    expect(JSON.parse((await run(['analyze', '--plan', plan, '--store', old, '--json'])).out).requests).toBe(2);
    const r = await run(['analyze', '--plan', plan, '--store', old, '--since', '1h']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^strangler analyze: STRANGLER_ANALYZE_NO_TRAFFIC: .*old\.sqlite: no requests to analyse in the last 1h \(--since\)/);
  });

  it('a plan whose store is :memory: is STRANGLER_SHADOW_STORE_MISSING naming shadow.store.path, exit 1', async () => {
    const memory = dir.writePlan('memory.yaml', testPlanInput({ monolith: { url: mono.url }, shadow: { store: { path: ':memory:' } } }));
    const r = await run(['analyze', '--plan', memory]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^strangler analyze: STRANGLER_SHADOW_STORE_MISSING: .*memory\.yaml: shadow\.store\.path is :memory:.*set shadow\.store\.path to a file.*or give --log FILE/,
    );
  });

  it('a store file that does not exist is STRANGLER_SHADOW_STORE_MISSING naming the plan field, exit 1', async () => {
    const fresh = dir.writePlan('fresh.yaml', testPlanInput({ monolith: { url: mono.url }, shadow: { store: { path: 'never-written.sqlite' } } }));
    const r = await run(['analyze', '--plan', fresh]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`STRANGLER_SHADOW_STORE_MISSING: no results store at ${dir.path('never-written.sqlite')} (shadow.store.path of ${fresh})`);
    const given = await run(['analyze', '--plan', fresh, '--store', dir.path('nope.sqlite')]);
    expect(given.err).toContain(`STRANGLER_SHADOW_STORE_MISSING: no results store at ${dir.path('nope.sqlite')} (--store)`);
  });

  it.each([
    [[], /--plan FILE is required to read the proxy's traffic inventory \(or give --log FILE/],
    [['--plan', 'p.yaml', '--format', 'alb'], /--format applies to --log only/],
    [['--log', 'x.log', '--store', 'a.sqlite'], /use either --log or --store, not both/],
    [['--plan', 'p.yaml', '--since', 'a day'], /--since must be a duration/],
  ])('usage error %o → exit 2 with the help', async (args, message) => {
    const r = await run(['analyze', ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('Usage: strangler analyze');
  });
});
