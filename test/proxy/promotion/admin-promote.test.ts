import { existsSync, readFileSync } from 'node:fs';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlanProxy, type Proxy } from '../../../proxy/index.js';
import { loadPlanFile } from '../../../proxy/plan/index.js';
import { ShadowStore } from '../../../proxy/shadow/store/index.js';
import { logSink, startUpstream, tempDir, testPlanInput, waitFor, type LogSink, type TempDir, type Upstream } from '../../helpers/index.js';
import { record } from '../shadow/store/helpers.js';

// `POST /routes/:id/promote`: the promotion `strangler promote` makes, run by the proxy on its plan, its shadow
// store and its flags file, answered as JSON.
describe('admin POST /routes/:id/promote', () => {
  let mono: Upstream | undefined;
  let proxy: Proxy | undefined;
  let dir: TempDir | undefined;
  afterEach(async () => {
    await proxy?.close();
    await mono?.close();
    dir?.remove();
    proxy = mono = dir = undefined;
  });

  async function start(options: { tokenEnv?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ adminUrl: string; logs: LogSink; dir: TempDir }> {
    mono = await startUpstream((req, res) => res.end(`monolith ${req.url}`));
    dir = tempDir();
    const file = dir.writePlan(
      'plan.yaml',
      testPlanInput({
        monolith: { url: mono.url },
        flags: { source: 'file', path: 'flags.json' },
        ...(options.tokenEnv ? { admin: { tokenEnv: options.tokenEnv } } : {}),
        shadow: { store: { path: 'shadow.sqlite' }, gates: { live: { minSamples: 10, minMatchRate: 0.9 } } },
        routes: [{ id: 'products', match: { path: '/products' }, function: { name: 'products' }, stage: 'shadow' }],
      }),
    );
    const logs = logSink();
    proxy = await createPlanProxy(loadPlanFile(file), {
      logDestination: logs.stream,
      ...(options.env ? { env: options.env, flags: { env: options.env } } : {}),
    });
    const { adminUrl } = await proxy.listen();
    return { adminUrl, logs, dir };
  }

  it('refuses a gated move without results (409, coded, with the reasons) and changes nothing', async () => {
    const { adminUrl, dir } = await start();
    const res = await request(adminUrl).post('/routes/products/promote').send({ to: 'live' }).expect(409);
    expect(res.body).toMatchObject({
      outcome: 'refused',
      route: 'products',
      from: 'shadow',
      to: 'live',
      error: { code: 'STRANGLER_PROMOTE_GATES_FAILED', message: 'products cannot enter live (now shadow)' },
    });
    expect(res.body.error.reasons).toEqual([
      '0 comparisons; the gate needs at least 10 (minSamples)',
      'no comparisons yet; the gate needs a match rate of at least 90.00% (minMatchRate)',
      'no shadow calls yet; the gate allows a shadow error rate of at most 1.00% (maxShadowErrorRate)',
    ]);
    expect(existsSync(dir.path('flags.json'))).toBe(false);
    expect(existsSync(dir.path('.strangler/audit.jsonl'))).toBe(false);
  });

  it('promotes once the store holds passing results: flags file written, audit line, store event, log line; the proxy follows', async () => {
    const { adminUrl, logs, dir } = await start();
    // prepare: 12 matching comparisons in the proxy's own store (a second writer on the same SQLite file)
    const store = ShadowStore.open(dir.path('shadow.sqlite'), { maxSamples: 1, retentionDays: 14, flushIntervalMs: 0 });
    for (let i = 0; i < 12; i++) store.recordComparison(record('products', { id: 1 }, { id: 1 }));
    store.close();

    const res = await request(adminUrl).post('/routes/products/promote').send({ to: 'live', percent: 25, reason: 'INC-7 reviewed' }).expect(200);

    expect(res.body).toMatchObject({
      outcome: 'promoted',
      forced: false,
      from: 'shadow',
      to: 'live',
      percent: 25,
      gate: { stage: 'live', pass: true },
      change: { source: 'file', key: 'strangler-route-products', version: 1, serves: 'shadow 75% / live 25%' },
    });
    const flags = JSON.parse(readFileSync(dir.path('flags.json'), 'utf8'));
    expect(flags.flags['strangler-route-products'].fallthrough.rollout.variations).toHaveLength(2);
    const audit = readFileSync(dir.path('.strangler/audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit).toEqual([
      expect.objectContaining({
        event: 'promote',
        route: 'products',
        from: 'shadow',
        to: 'live',
        percent: 25,
        user: 'admin-api',
        reason: 'INC-7 reviewed',
        gate: 'pass',
      }),
    ]);
    expect(await logs.waitFor((l) => l.event === 'promote')).toMatchObject({ route: 'products', to: 'live', gate: 'pass' });
    const report = await request(adminUrl).get('/shadow/report?route=products').expect(200);
    expect(report.body.routes[0].events).toEqual([expect.objectContaining({ kind: 'promote', message: 'promotion to live (25%) by admin-api' })]);
    // the proxy reloads the flags file it watches
    await waitFor(async () => ((await request(adminUrl).get('/routes')).body.routes[0].stage as string) === 'shadow 75% / live 25%', {
      what: 'the proxy follows the flag',
    });
  });

  it('moving back is never gated; force overrides failing gates (audit-logged as forced)', async () => {
    const { adminUrl, dir } = await start();
    const back = await request(adminUrl).post('/routes/products/promote').send({ to: 'off' }).expect(200);
    expect(back.body).toMatchObject({ outcome: 'promoted', gate: null, change: { serves: 'off' } });
    const forced = await request(adminUrl).post('/routes/products/promote').send({ to: 'live', force: true, reason: 'demo' }).expect(200);
    expect(forced.body).toMatchObject({ outcome: 'promoted', forced: true, from: 'off', gate: { pass: false } });
    expect(forced.body.forcedReasons).toEqual(forced.body.gate.reasons);
    expect(forced.body.forcedReasons).toHaveLength(3);
    const audit = readFileSync(dir.path('.strangler/audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit.map((a) => a.event)).toEqual(['promote', 'promote-forced']);
  });

  it.each([
    [{}, 'to:'],
    [{ to: 'everywhere' }, 'to:'],
    [{ to: 'live', percent: 150 }, 'percent:'],
    [{ to: 'live', percent: 1.23456 }, 'percent:'],
    [{ to: 'live', prewarm: 0 }, 'prewarm:'],
    [{ to: 'live', force: 'yes' }, 'force:'],
    [{ to: 'live', sudo: true }, 'body:'],
    [['live'], 'body:'],
  ])('refuses %j with 400 STRANGLER_PROMOTE_INVALID naming the field', async (body, where) => {
    const { adminUrl, dir } = await start();
    const res = await request(adminUrl)
      .post('/routes/products/promote')
      .send(body as object)
      .expect(400);
    expect(res.body.error.code).toBe('STRANGLER_PROMOTE_INVALID');
    expect(res.body.error.message.startsWith(where)).toBe(true);
    expect(existsSync(dir.path('flags.json'))).toBe(false);
  });

  it('a body that is not JSON is 400 STRANGLER_PROMOTE_INVALID; an unknown route is 404; a bad since is 400', async () => {
    const { adminUrl } = await start();
    const bad = await request(adminUrl).post('/routes/products/promote').set('content-type', 'application/json').send('{"to":').expect(400);
    expect(bad.body.error.code).toBe('STRANGLER_PROMOTE_INVALID');
    const unknown = await request(adminUrl).post('/routes/nope/promote').send({ to: 'off' }).expect(404);
    expect(unknown.body.error.code).toBe('STRANGLER_SHADOW_UNKNOWN_ROUTE');
    const since = await request(adminUrl).post('/routes/products/promote').send({ to: 'live', since: 'yesterday' }).expect(400);
    expect(since.body.error.code).toBe('STRANGLER_SHADOW_BAD_QUERY');
  });

  it('needs the admin token like every admin route', async () => {
    const env = { STRANGLER_TEST_PROMOTE_TOKEN: 's3cret' };
    const { adminUrl, dir } = await start({ tokenEnv: 'STRANGLER_TEST_PROMOTE_TOKEN', env });
    const denied = await request(adminUrl).post('/routes/products/promote').send({ to: 'off' }).expect(401);
    expect(denied.body.error.code).toBe('STRANGLER_ADMIN_UNAUTHORIZED');
    expect(existsSync(dir.path('flags.json'))).toBe(false);
    await request(adminUrl).post('/routes/products/promote').set('authorization', 'Bearer s3cret').send({ to: 'off' }).expect(200);
    expect(existsSync(dir.path('flags.json'))).toBe(true);
  });
});
