import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, waitFor } from '../helpers/index.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { startLambdaBench, type LambdaBench } from '../proxy/targets/helpers.js';
import { run } from '../cli/commands/shadow-cli-helpers.js';

/**
 * Issue 13, one fleet: replicas sharing `shadow.store: { kind: postgres }` write one report, obey one kill switch,
 * and ride out a database outage without a client noticing. One real PostgreSQL for the file, a database per test.
 */
let server: TestPostgres;
let bench: LambdaBench;

beforeAll(async () => {
  [server, bench] = await Promise.all([startPostgres(), startLambdaBench()]);
});
afterAll(async () => {
  await bench?.close();
  await server?.close();
});

const ROUTES = [
  { id: 'shadowed', match: { methods: ['GET'], path: '/shadowed' }, function: { name: 'routing' }, stage: 'shadow' },
  { id: 'served', match: { methods: ['GET'], path: '/served' }, function: { name: 'routing' }, stage: 'live' },
] as never;

async function fleet(db: string, n = 2) {
  const url = await server.database(db);
  const extra = { shadow: { store: { kind: 'postgres', url, flushIntervalMs: 100 } } } as never;
  const replicas = [];
  for (let i = 0; i < n; i++) replicas.push(await bench.planProxy(ROUTES, extra));
  return { url, extra, replicas };
}

interface Report {
  routes: { route: string; compared: number; stage: string }[];
}
const compared = async (adminUrl: string, route: string): Promise<number> => {
  const body = (await (await fetch(`${adminUrl}/shadow/report?route=${route}`)).json()) as Report;
  return body.routes.find((r) => r.route === route)?.compared ?? 0;
};
const metric = (text: string, name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);

describe('two proxies on one PostgreSQL store', () => {
  it('share one report: each admin API and `strangler report` show the comparisons of both', async () => {
    const { url, replicas } = await fleet('one_report');
    const [a, b] = replicas;
    for (let i = 0; i < 3; i++) expect((await send(`${a!.url}/shadowed?action=status&code=200`)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await send(`${b!.url}/shadowed?action=status&code=200`)).status).toBe(200);

    await waitFor(async () => (await compared(a!.adminUrl, 'shadowed')) === 5, { timeoutMs: 10_000, what: 'A reports 5' });
    expect(await compared(b!.adminUrl, 'shadowed')).toBe(5);

    // The CLI reads the same database from the plan (with the URL from the environment, as in production).
    const file = join(tmpdir(), `strangler-fleet-${process.pid}.yaml`);
    writeFileSync(
      file,
      `monolith: { url: "http://127.0.0.1:9" }
shadow:
  store: { kind: postgres, url: "\${FLEET_TEST_DATABASE_URL}" }
routes:
  - { id: shadowed, match: { path: /shadowed }, function: { name: routing }, stage: shadow }
`,
    );
    process.env.FLEET_TEST_DATABASE_URL = url;
    try {
      const r = await run(['report', '--plan', file, '--json', '--route', 'shadowed']);
      expect(r.err).toBe('');
      const report = JSON.parse(r.out) as Report & { sources: string[] };
      expect(report.routes[0]).toMatchObject({ route: 'shadowed', compared: 5 });
      // The password never shows in a report.
      expect(r.out).not.toContain('strangler-test');
    } finally {
      delete process.env.FLEET_TEST_DATABASE_URL;
      rmSync(file, { force: true });
    }
  });

  it('a pin on one replica is obeyed by the other within 2 s, audit-logged once, and kept by a replica started later', async () => {
    const { extra, replicas } = await fleet('fleet_pin');
    const [a, b] = replicas;
    expect((await send(`${b!.url}/served?action=status&code=200`)).headers['x-strangler-served-by']).toBe('lambda');

    // Act: the kill switch on A.
    const pinned = await fetch(`${a!.adminUrl}/routes/served/pin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stage: 'off', reason: 'INC-42' }),
    });
    expect(pinned.status).toBe(200);
    const t0 = Date.now();

    // Assert: B serves from the monolith within 2 s.
    await waitFor(async () => (await b!.routeRow('served')).stage === 'off', { timeoutMs: 2_000, intervalMs: 50, what: 'B follows the pin' });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect((await send(`${b!.url}/served?action=status&code=200`)).headers['x-strangler-served-by']).toBe('monolith');
    const audits = (logs: NonNullable<typeof a>['logs']) => logs.lines.filter((l) => l.event === 'stage_change' && l.source === 'pin');
    expect(audits(a!.logs)).toHaveLength(1);
    expect(audits(b!.logs)).toHaveLength(0);
    expect(b!.logs.lines.some((l) => l.event === 'fleet_pin_applied' && l.route === 'served')).toBe(true);

    // A replica started afterwards (a restart) obeys the pin from its first request.
    const c = await bench.planProxy(ROUTES, extra);
    expect(await c.routeRow('served')).toMatchObject({ stage: 'off', source: 'pin' });
    expect((await send(`${c.url}/served?action=status&code=200`)).headers['x-strangler-served-by']).toBe('monolith');

    // Unpinned on B: A and C follow.
    expect((await fetch(`${b!.adminUrl}/routes/served/pin`, { method: 'DELETE' })).status).toBe(200);
    await waitFor(async () => (await a!.routeRow('served')).stage === 'live' && (await c.routeRow('served')).stage === 'live', {
      timeoutMs: 2_000,
      intervalMs: 50,
    });
  });

  it('an automatic rollback on one replica pins the route for the fleet', async () => {
    const url = await server.database('fleet_rollback');
    const routes = [
      {
        id: 'flaky',
        match: { methods: ['GET'], path: '/flaky' },
        function: { name: 'routing' },
        stage: 'live',
        gates: { rollback: { windowMs: 30_000, minRequests: 4, maxFallbackRate: 0.5 } },
      },
    ] as never;
    const extra = { shadow: { store: { kind: 'postgres', url, flushIntervalMs: 100 } } } as never;
    const a = await bench.planProxy(routes, extra);
    const b = await bench.planProxy(routes, extra);

    // Act: the function fails on A; the monolith answers every request (fallback), until A rolls the route back.
    for (let i = 0; i < 4; i++) expect((await send(`${a.url}/flaky?action=throw`)).status).toBe(200);
    await a.logs.waitFor((l) => l.event === 'shadow.rollback' && l.route === 'flaky', 5_000);

    // Assert: B, which saw no failure, is pinned to shadow too.
    await waitFor(async () => (await b.routeRow('flaky')).stage === 'shadow', { timeoutMs: 2_000, intervalMs: 50, what: 'B rolled back' });
    expect(b.logs.lines.some((l) => l.event === 'shadow.rollback')).toBe(false);
    expect((await send(`${b.url}/flaky?action=throw`)).headers['x-strangler-served-by']).toBe('monolith');
  });

  it('the database stopped mid-traffic costs no client request; comparisons are counted as dropped; the proxies recover', async () => {
    const { replicas } = await fleet('outage');
    const [a, b] = replicas;
    await send(`${a!.url}/shadowed?action=status&code=200`);
    await waitFor(async () => (await compared(a!.adminUrl, 'shadowed')) === 1, { timeoutMs: 10_000 });

    // Act: the database goes away while both replicas take traffic.
    await server.stop();
    try {
      for (let i = 0; i < 10; i++) {
        for (const r of [a!, b!]) {
          const res = await send(`${r.url}/shadowed?action=status&code=200`);
          expect(res.status).toBe(200);
        }
      }
      // Assert: the batches that could not be written are counted and logged, on both replicas.
      for (const r of [a!, b!]) {
        await r.logs.waitFor((l) => l.event === 'shadow.store_dropped', 10_000);
        await waitFor(async () => metric(await r.metrics(), 'strangler_shadow_store_dropped_total') > 0, { timeoutMs: 5_000 });
      }
      // Reads say what is wrong (503, coded) instead of hanging.
      const down = await fetch(`${a!.adminUrl}/shadow/report`);
      expect(down.status).toBe(503);
      expect(((await down.json()) as { error: { code: string } }).error.code).toBe('STRANGLER_SHADOW_STORE_UNAVAILABLE');
    } finally {
      await server.start();
    }

    // The database is back: new comparisons are written again, by both replicas.
    for (const r of [a!, b!]) expect((await send(`${r.url}/shadowed?action=status&code=200`)).status).toBe(200);
    const dropped = async () =>
      metric(await a!.metrics(), 'strangler_shadow_store_dropped_total') + metric(await b!.metrics(), 'strangler_shadow_store_dropped_total');
    // 1 before, 20 during, 2 after: each comparison is either stored or counted as dropped, none vanishes silently.
    await waitFor(async () => (await compared(b!.adminUrl, 'shadowed')) + (await dropped()) === 23, { timeoutMs: 10_000, what: 'stored + dropped = 23' });
    expect(await compared(b!.adminUrl, 'shadowed')).toBeGreaterThanOrEqual(3);
    await a!.logs.waitFor((l) => l.event === 'shadow.store_recovered', 5_000);
  });

  it('a database that accepts connections but never answers delays no client: the proxy starts, serves, and counts drops', async () => {
    // Prepare: a TCP server that takes connections and says nothing (a hung database).
    const sockets: Socket[] = [];
    const hung = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const port = (hung.address() as { port: number }).port;
    try {
      const extra = { shadow: { store: { kind: 'postgres', url: `postgres://u:secret@127.0.0.1:${port}/db`, flushIntervalMs: 100 } } } as never;
      const p = await bench.planProxy(ROUTES, extra);

      // Act + assert: every request is answered without waiting for the store (its connect timeout is 2 s).
      for (let i = 0; i < 5; i++) {
        const t = Date.now();
        const res = await send(`${p.url}/shadowed?action=status&code=200`);
        expect(res.status).toBe(200);
        expect(Date.now() - t).toBeLessThan(2_000);
      }
      // (The first failed flush may carry no comparison: it is counted with 0.)
      await p.logs.waitFor((l) => l.event === 'shadow.store_dropped' && Number(l.comparisons) > 0, 15_000);
      // The log line never carries the database password.
      expect(JSON.stringify(p.logs.lines)).not.toContain('secret');
      await waitFor(async () => metric(await p.metrics(), 'strangler_shadow_store_dropped_total') > 0, { timeoutMs: 5_000 });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => hung.close(() => resolve()));
    }
  });
});
