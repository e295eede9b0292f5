import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { TestData } from '@launchdarkly/node-server-sdk/integrations';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import { flagsAdminPlugin } from '../../../proxy/admin/index.js';
import { createStageResolver, type FlagStageResolver } from '../../../proxy/flags/index.js';
import { STAGES } from '../../../proxy/stages/plan.js';
import { logSink, planFrom, request, tempFixtures, twoRoutePlan } from './helpers.js';

// The kill switch: an admin pin overrides the flag on this instance until unpinned; each change is an audit line.
let resolver: FlagStageResolver | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  await resolver?.close();
  app = undefined;
  resolver = undefined;
});

const routes = planFrom(twoRoutePlan('{ source: static }')).plan.routes;
const products = routes[0]!;

async function start(token?: string) {
  const td = new TestData();
  await td.update(
    td
      .flag('strangler-route-products')
      .variations(...STAGES)
      .fallthroughVariation(STAGES.indexOf('live')),
  );
  const sink = logSink();
  resolver = await createStageResolver(planFrom(twoRoutePlan('{ source: launchdarkly, events: false }')), {
    logger: sink.logger,
    env: { LAUNCHDARKLY_SDK_KEY: 'k' },
    ldOptions: { updateProcessor: td.getFactory() },
  });
  app = Fastify();
  await app.register(flagsAdminPlugin(resolver, token === undefined ? {} : { token }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { resolver, td, ...sink, admin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

describe('pin and unpin', () => {
  it('POST /routes/:id/pin overrides the flag; DELETE restores it; both are audit lines', async () => {
    const { resolver, audit, admin } = await start();
    expect(await resolver.decide(products, request())).toMatchObject({ stage: 'live', source: 'flag' });

    const pinned = await fetch(`${admin}/routes/products/pin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stage: 'off', reason: 'INC-1: 5xx from the function' }),
    });
    expect(pinned.status).toBe(200);
    expect(await pinned.json()).toMatchObject({
      route: 'products',
      stage: 'off',
      source: 'pin',
      reason: 'INC-1: 5xx from the function',
      pin: { stage: 'off' },
    });
    expect(await resolver.decide(products, request())).toEqual({ stage: 'off', source: 'pin', reason: 'INC-1: 5xx from the function' });
    expect(resolver.routeStages()[0]).toMatchObject({ stage: 'off', source: 'pin', flag: 'strangler-route-products' });

    const unpinned = await fetch(`${admin}/routes/products/pin`, { method: 'DELETE' });
    expect(unpinned.status).toBe(200);
    expect(await unpinned.json()).toMatchObject({
      route: 'products',
      stage: 'live',
      source: 'flag',
      removed: { stage: 'off', reason: 'INC-1: 5xx from the function', at: expect.any(String) },
    });
    expect(await resolver.decide(products, request())).toMatchObject({ stage: 'live', source: 'flag' });

    expect(audit().map(({ event, route, oldStage, newStage, source, reason }) => ({ event, route, oldStage, newStage, source, reason }))).toEqual([
      { event: 'stage_change', route: 'products', oldStage: 'live', newStage: 'off', source: 'pin', reason: 'INC-1: 5xx from the function' },
      {
        event: 'stage_change',
        route: 'products',
        oldStage: 'off',
        newStage: 'live',
        source: 'unpin',
        reason: 'unpinned (pinned for: INC-1: 5xx from the function)',
      },
    ]);
  });

  it('a flag update while pinned is audited but does not move the route', async () => {
    const { resolver, td, audit } = await start();
    resolver.pin('products', 'off', 'freeze');
    await td.update(
      td
        .flag('strangler-route-products')
        .variations(...STAGES)
        .fallthroughVariation(STAGES.indexOf('complete')),
    );
    expect(await resolver.decide(products, request())).toMatchObject({ stage: 'off', source: 'pin' });
    expect(audit()[1]).toMatchObject({ oldStage: 'live', newStage: 'complete', source: 'flag', pinned: true });
  });

  it.each([
    ['an unknown stage', 'products', { stage: 'on', reason: 'x' }, 400, 'STRANGLER_FLAGS_PIN_INVALID'],
    ['no reason', 'products', { stage: 'off' }, 400, 'STRANGLER_FLAGS_PIN_INVALID'],
    ['a blank reason', 'products', { stage: 'off', reason: '  ' }, 400, 'STRANGLER_FLAGS_PIN_INVALID'],
    ['an unknown route', 'nope', { stage: 'off', reason: 'x' }, 404, 'STRANGLER_FLAGS_UNKNOWN_ROUTE'],
  ])('rejects %s', async (_what, route, body, status, code) => {
    const { admin, audit } = await start();
    const res = await fetch(`${admin}/routes/${route}/pin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(audit()).toEqual([]);
  });

  it('a body that is not JSON is a 400 with a code', async () => {
    const { admin } = await start();
    const res = await fetch(`${admin}/routes/products/pin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"stage":' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('STRANGLER_FLAGS_PIN_INVALID');
  });

  it('unpinning a route that is not pinned is not an error and logs nothing', async () => {
    const { admin, audit } = await start();
    const res = await fetch(`${admin}/routes/products/pin`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ route: 'products', stage: 'live', removed: null });
    expect(audit()).toEqual([]);
  });

  it('with a token, requests without it get 401', async () => {
    const { admin } = await start('s3cret');
    const denied = await fetch(`${admin}/routes/products/pin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"stage":"off","reason":"x"}',
    });
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('STRANGLER_ADMIN_UNAUTHORIZED');
    const allowed = await fetch(`${admin}/routes/products/pin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret' },
      body: '{"stage":"off","reason":"x"}',
    });
    expect(allowed.status).toBe(200);
  });
});

describe('strangler pin / unpin', () => {
  it('call the admin API with the token from the plan’s admin.tokenEnv', async () => {
    const { resolver, admin, audit } = await start('t0ken');
    const port = new URL(admin).port;
    const files = tempFixtures({});
    try {
      const planPath = files.path('plan.yaml');
      writeFileSync(planPath, twoRoutePlan('{ source: static }', `admin: { port: ${port}, tokenEnv: STRANGLER_TEST_ADMIN_TOKEN }`));
      process.env.STRANGLER_TEST_ADMIN_TOKEN = 't0ken';
      const out: string[] = [];
      const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };

      expect(await main(['pin', 'products', 'shadow', '--reason', 'canary looks bad', '--plan', planPath], io)).toBe(0);
      expect(out.join('')).toContain('products: pinned to shadow');
      expect(await resolver.decide(products, request())).toMatchObject({ stage: 'shadow', source: 'pin' });

      // Issue 16 item 11: after removing a pin the CLI said "not pinned"; it says what it took off.
      out.length = 0;
      expect(await main(['unpin', 'products', '--plan', planPath], io)).toBe(0);
      expect(out.join('')).toBe(`products: unpinned on http://127.0.0.1:${port} (was pinned to shadow: canary looks bad); now live (flag)\n`);
      expect(await resolver.decide(products, request())).toMatchObject({ stage: 'live', source: 'flag' });
      expect(audit().map((l) => l.source)).toEqual(['pin', 'unpin']);

      out.length = 0;
      expect(await main(['unpin', 'products', '--plan', planPath], io)).toBe(0);
      expect(out.join('')).toBe(`products: was not pinned on http://127.0.0.1:${port}; stage live (flag)\n`);
      expect(audit().map((l) => l.source)).toEqual(['pin', 'unpin']);

      out.length = 0;
      expect(await main(['pin', 'nope', 'off', '--reason', 'x', '--plan', planPath], io)).toBe(1);
      expect(out.join('')).toMatch(/STRANGLER_FLAGS_ADMIN_REQUEST_FAILED: .*HTTP 404: STRANGLER_FLAGS_UNKNOWN_ROUTE/);
    } finally {
      delete process.env.STRANGLER_TEST_ADMIN_TOKEN;
      files.cleanup();
    }
  });

  it('report an unreachable admin API and usage mistakes', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    expect(await main(['pin', 'products', 'off', '--reason', 'x', '--admin', 'http://127.0.0.1:9'], io)).toBe(1);
    expect(out.join('')).toContain('STRANGLER_FLAGS_ADMIN_REQUEST_FAILED');
    expect(await main(['pin', 'products', 'sideways', '--reason', 'x', '--admin', 'http://127.0.0.1:9'], io)).toBe(2);
    expect(await main(['pin', 'products', 'off', '--admin', 'http://127.0.0.1:9'], io)).toBe(2);
    expect(await main(['unpin', 'products'], io)).toBe(2);
  });
});
