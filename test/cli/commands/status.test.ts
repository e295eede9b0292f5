import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminBase } from '../../../cli/commands/status.js';
import { formatLatency, formatPercent } from '../../../proxy/dashboard/index.js';
import { PlanSchema } from '../../../proxy/plan/index.js';
import { closedPort, spawnCli } from '../../helpers/index.js';
import { sendTraffic, startDashboardProxy, TOKEN, TOKEN_ENV, type DashboardProxy } from '../../proxy/dashboard/fixture.js';
import { run } from './shadow-cli-helpers.js';

describe('strangler status', () => {
  let p: DashboardProxy;
  beforeAll(async () => {
    process.env[TOKEN_ENV] = TOKEN;
    p = await startDashboardProxy();
    await sendTraffic(p, { products: 20, cart: 6, boom: 2 });
  });
  afterAll(async () => {
    delete process.env[TOKEN_ENV];
    await p?.close();
  });

  it("prints one line per route with the running proxy's numbers", async () => {
    const r = await run(['status', '--plan', p.planFile, '--admin', p.adminUrl]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const stats = await p.admin('/stats');
    const report = await p.admin('/shadow/report?samples=0');
    const routes = await p.admin('/routes');
    // Breaker (issue 4) and cold starts (tracing) come from /routes rows when those modules report them.
    const extra = (i: number): [string, string] => {
      const row = routes.routes[i];
      const b = typeof row.breaker === 'string' ? row.breaker : (row.breaker?.state ?? '–');
      return [b, formatPercent(row.lambda?.coldStartRate ?? null)];
    };
    const lines = r.out.split('\n');
    const header = lines.find((l) => l.startsWith('ROUTE'));
    expect(header).toMatch(
      /^ROUTE\s+STAGE\s+SOURCE\s+REQS\s+SPLIT M\/L %\s+MATCH \(N\)\s+MONO p50\/p99\s+LAMBDA p50\/p99\s+FALLBACK\s+THROTTLED\s+ERRORS\s+BREAKER\s+COLD$/,
    );
    const cells = (id: string): string[] => lines.find((l) => l.startsWith(`${id} `))!.split(/\s{2,}/);
    const products = cells('products');
    expect(report.routes[0]).toMatchObject({ route: 'products', compared: 20, matchRate: 0.75 });
    expect(products).toEqual([
      'products',
      'shadow',
      'static',
      '20',
      '100/0',
      '75.0% (20)',
      formatLatency(stats.routes[0].monolith),
      '–',
      '–',
      '–',
      '0.0%',
      ...extra(0),
    ]);
    expect(cells('cart')).toEqual(['cart', 'off', 'static', '6', '100/0', '–', formatLatency(stats.routes[1].monolith), '–', '–', '–', '0.0%', ...extra(1)]);
    expect(cells('boom')).toEqual(['boom', 'off', 'static', '2', '100/0', '–', formatLatency(stats.routes[2].monolith), '–', '–', '–', '100.0%', ...extra(2)]);
    expect(r.out).toContain(`plan ${p.planFile} (generation 1)`);
    expect(r.out).toContain('last 5 min');
  });

  it('--json gives the joined overview', async () => {
    const r = await run(['status', '--plan', p.planFile, '--admin', p.adminUrl, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ generation: 1, windowSeconds: 300 });
    expect(doc.routes[0]).toMatchObject({ route: 'products', stage: 'shadow', source: 'static', requests: 20, compared: 20, matchRate: 0.75, errorRate: 0 });
    const routes = await p.admin('/routes');
    expect(doc.routes[0].breaker).toBe(routes.routes[0].breaker ?? null);
    expect(doc.routes[2]).toMatchObject({ route: 'boom', requests: 2, errorRate: 1 });
  });

  it('shows a pin: its source and a line under the table', async () => {
    const res = await fetch(new URL('/routes/cart/pin', p.adminUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ stage: 'off', reason: 'INC-7 hold' }),
    });
    expect(res.status).toBe(200);
    try {
      const r = await run(['status', '--plan', p.planFile, '--admin', p.adminUrl]);
      expect(r.out).toMatch(/^cart\s+off\s+pin\s+6\s/m);
      expect(r.out).toMatch(/^pinned: cart → off since \S+ \(INC-7 hold\)$/m);
    } finally {
      await fetch(new URL('/routes/cart/pin', p.adminUrl), { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    }
  });

  it('works from the built CLI (dist/)', async () => {
    const cli = spawnCli(['status', '--plan', p.planFile, '--admin', p.adminUrl], { env: { [TOKEN_ENV]: TOKEN } });
    const { code } = await cli.exited;
    expect(cli.stderr()).toBe('');
    expect(code).toBe(0);
    expect(cli.stdout()).toMatch(/^products\s+shadow\s+static\s+20\s+100\/0\s+75\.0% \(20\)/m);
  });

  it('exit 1 with STRANGLER_STATUS_ADMIN_UNREACHABLE when nothing listens', async () => {
    const port = await closedPort();
    const r = await run(['status', '--plan', p.planFile, '--admin', `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^strangler status: STRANGLER_STATUS_ADMIN_UNREACHABLE: cannot reach the admin API at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('exit 1 with STRANGLER_STATUS_ADMIN_REFUSED for a wrong token', async () => {
    process.env[TOKEN_ENV] = 'wrong';
    try {
      const r = await run(['status', '--plan', p.planFile, '--admin', p.adminUrl]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('STRANGLER_STATUS_ADMIN_REFUSED');
      expect(r.err).toContain(`401 STRANGLER_ADMIN_UNAUTHORIZED): check ${TOKEN_ENV}`);
    } finally {
      process.env[TOKEN_ENV] = TOKEN;
    }
  });

  it('exit 1 with STRANGLER_ADMIN_TOKEN_EMPTY when the plan names a token variable that is unset', async () => {
    delete process.env[TOKEN_ENV];
    try {
      const r = await run(['status', '--plan', p.planFile, '--admin', p.adminUrl]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('STRANGLER_ADMIN_TOKEN_EMPTY');
    } finally {
      process.env[TOKEN_ENV] = TOKEN;
    }
  });

  it('exit 1 with STRANGLER_STATUS_ADMIN_BAD_RESPONSE when --admin is not a strangler admin API', async () => {
    const r = await run(['status', '--plan', p.planFile, '--admin', p.mono.url]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('STRANGLER_STATUS_ADMIN_BAD_RESPONSE');
  });

  it('usage errors exit 2: no --plan, a bad --admin, a plan whose admin port is 0 without --admin', async () => {
    expect((await run(['status'])).code).toBe(2);
    const bad = await run(['status', '--plan', p.planFile, '--admin', 'not a url']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--admin must be an http(s) URL');
    const noPort = await run(['status', '--plan', p.planFile]);
    expect(noPort.code).toBe(2);
    expect(noPort.err).toContain('admin.port is 0 (a random port), so the address is not known: pass --admin URL');
  });
});

describe('adminBase: the admin URL from the plan', () => {
  const loadedWith = (admin: Record<string, unknown>) => ({
    plan: PlanSchema.parse({ monolith: { url: 'http://127.0.0.1:3000' }, admin, routes: [] }),
    file: 'plan.yaml',
    dir: '.',
  });
  it.each([
    [{ host: '127.0.0.1', port: 9901 }, 'http://127.0.0.1:9901/'],
    [{ host: '0.0.0.0', port: 9901, tokenEnv: 'T' }, 'http://127.0.0.1:9901/'],
    [{ host: '::', port: 9901, tokenEnv: 'T' }, 'http://[::1]:9901/'],
    [{ host: 'localhost', port: 9000 }, 'http://localhost:9000/'],
  ])('%j → %s', (admin, url) => {
    expect(adminBase(loadedWith(admin), undefined).href).toBe(url);
  });
  it('--admin wins', () => {
    expect(adminBase(loadedWith({ host: '127.0.0.1', port: 9901 }), 'http://10.0.0.5:9999').href).toBe('http://10.0.0.5:9999/');
  });
});
