import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import { createProxy, type Proxy } from '../../../proxy/index.js';
import { flagsAdminPlugin } from '../../../proxy/admin/index.js';
import { createStageResolver } from '../../../proxy/flags/index.js';
import { loadPlanFile } from '../../../proxy/plan/index.js';
import { eventually, logSink, tempFixtures } from './helpers.js';

// The flags wired into a real proxy: `flags set` and pins change the stage of live traffic (the access log's
// `stage`/`stageSource`, and `/routes` on the admin API).
const TOKEN = 'test-admin-token';
let files: ReturnType<typeof tempFixtures>;
let monolith: Server;
let proxy: Proxy | undefined;

beforeEach(async () => {
  files = tempFixtures({ 'plan.yaml': 'plan-live-proxy.yaml', 'flags.json': 'flags.json' });
  monolith = createServer((_req, res) => res.end('monolith'));
  await new Promise<void>((resolve) => monolith.listen(0, '127.0.0.1', resolve));
  const port = (monolith.address() as AddressInfo).port;
  writeFileSync(files.path('plan.yaml'), readFileSync(files.path('plan.yaml'), 'utf8').replace('127.0.0.1:3000', `127.0.0.1:${port}`));
  process.env.STRANGLER_TEST_ADMIN_TOKEN = TOKEN;
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await new Promise<void>((resolve) => monolith.close(() => resolve()));
  delete process.env.STRANGLER_TEST_ADMIN_TOKEN;
  files.cleanup();
});

async function startProxy() {
  const sink = logSink();
  const loaded = loadPlanFile(files.path('plan.yaml'));
  const resolver = await createStageResolver(loaded, { logger: sink.logger });
  proxy = createProxy(loaded, { logger: sink.logger, stageResolver: resolver, adminPlugins: [flagsAdminPlugin(resolver)] });
  const { url, adminUrl } = await proxy.listen();
  /** One request to /products, and its access log line. */
  const request = async (): Promise<Record<string, unknown>> => {
    const before = sink.lines.length;
    const res = await fetch(`${url}/products`, { headers: { 'x-user-id': 'u-1' } });
    expect(await res.text()).toBe('monolith');
    return eventually(() => sink.lines.slice(before).find((l) => l.msg === 'request' && l.path === '/products'), 5_000, 'the access log line');
  };
  const routes = async () => {
    const res = await fetch(`${adminUrl}/routes`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return ((await res.json()) as { routes: Record<string, unknown>[] }).routes;
  };
  return { ...sink, adminUrl, request, routes };
}

describe('flags in a live proxy', () => {
  it('`strangler flags set` changes the routing of live traffic within a second', async () => {
    const { request, routes, audit } = await startProxy();
    expect(await request()).toMatchObject({ stage: 'shadow', stageSource: 'flag' });

    const out: string[] = [];
    const written = Date.now();
    expect(await main(['flags', 'set', 'products', 'live', '--plan', files.path('plan.yaml')], { out: (t) => out.push(t), err: (t) => out.push(t) })).toBe(0);
    await eventually(async () => ((await request()).stage === 'live' ? true : undefined), 1_000, 'live traffic on the new stage');
    expect(Date.now() - written).toBeLessThan(1_000);
    expect(await routes()).toEqual([expect.objectContaining({ id: 'products', stage: 'live', source: 'flag', planStage: 'off' })]);
    expect(audit()).toEqual([expect.objectContaining({ route: 'products', oldStage: 'shadow', newStage: 'live', source: 'flag' })]);
  });

  it('a pin through the admin API (token-protected) overrides the flag until unpinned', async () => {
    const { request, routes, adminUrl, audit } = await startProxy();
    const pinUrl = `${adminUrl}/routes/products/pin`;
    const body = JSON.stringify({ stage: 'off', reason: 'INC-7' });
    expect((await fetch(pinUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(401);

    const io = { out: () => {}, err: () => {} };
    expect(await main(['pin', 'products', 'off', '--reason', 'INC-7', '--admin', adminUrl, '--plan', files.path('plan.yaml')], io)).toBe(0);
    expect(await request()).toMatchObject({ stage: 'off', stageSource: 'pin' });
    expect(await routes()).toEqual([expect.objectContaining({ id: 'products', stage: 'off', source: 'pin', reason: 'INC-7' })]);

    expect(await main(['unpin', 'products', '--admin', adminUrl, '--plan', files.path('plan.yaml')], io)).toBe(0);
    expect(await request()).toMatchObject({ stage: 'shadow', stageSource: 'flag' });
    expect(audit().map((l) => [l.source, l.oldStage, l.newStage])).toEqual([
      ['pin', 'shadow', 'off'],
      ['unpin', 'off', 'shadow'],
    ]);
  });
});
