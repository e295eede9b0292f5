import { afterEach, describe, expect, it } from 'vitest';
import { TestData } from '@launchdarkly/node-server-sdk/integrations';
import { createStageResolver, type FlagStageResolver } from '../../../proxy/flags/index.js';
import { STAGES, type Stage } from '../../../proxy/stages/plan.js';
import { logSink, planFrom, request, twoRoutePlan } from './helpers.js';

// The LaunchDarkly source driven by the SDK's TestData: what LaunchDarkly would stream, without a network.
const plan = planFrom(twoRoutePlan('{ source: launchdarkly, events: false }')).plan;
const [products, orders] = plan.routes as [(typeof plan.routes)[number], (typeof plan.routes)[number]];

let resolver: FlagStageResolver | undefined;
afterEach(async () => {
  await resolver?.close();
  resolver = undefined;
});

function migrationFlag(td: TestData, key: string, stage: Stage) {
  return td
    .flag(key)
    .variations(...STAGES)
    .fallthroughVariation(STAGES.indexOf(stage));
}

async function start(td: TestData) {
  const sink = logSink();
  resolver = await createStageResolver(planFrom(twoRoutePlan('{ source: launchdarkly, events: false }')), {
    logger: sink.logger,
    env: { LAUNCHDARKLY_SDK_KEY: 'sdk-test' },
    ldOptions: { updateProcessor: td.getFactory() },
  });
  return { resolver, ...sink };
}

describe('launchdarkly source with TestData', () => {
  it.each(STAGES)('a migration flag serving %s drives the route', async (stage) => {
    const td = new TestData();
    await td.update(migrationFlag(td, 'strangler-route-products', stage));
    const { resolver } = await start(td);
    expect(resolver.ready()).toBe(true);
    await expect(resolver.decide(products, request())).resolves.toMatchObject({ stage, source: 'flag' });
  });

  it('a missing flag gives the plan stage as the default, with the reason', async () => {
    const { resolver } = await start(new TestData());
    await expect(resolver.decide(orders, request({ method: 'POST', path: '/orders' }))).resolves.toEqual({
      stage: 'shadow',
      source: 'default',
      reason: 'flag strangler-route-orders: FLAG_NOT_FOUND',
    });
    expect(resolver.routeStage('orders')).toMatchObject({ stage: 'shadow', source: 'default', reason: 'flag strangler-route-orders not found' });
  });

  it('a value that is not a stage (LaunchDarkly reason ERROR) gives the default', async () => {
    const td = new TestData();
    await td.update(td.flag('strangler-route-orders').variations('on', 'off').fallthroughVariation(0));
    const { resolver } = await start(td);
    await expect(resolver.decide(orders, request())).resolves.toMatchObject({
      stage: 'shadow',
      source: 'default',
      reason: 'flag strangler-route-orders: WRONG_TYPE',
    });
  });

  it('a flag that is off serves its off variation', async () => {
    const td = new TestData();
    await td.update(migrationFlag(td, 'strangler-route-products', 'live').on(false).offVariation(STAGES.indexOf('shadow')));
    const { resolver } = await start(td);
    await expect(resolver.decide(products, request())).resolves.toMatchObject({ stage: 'shadow', source: 'flag' });
    expect(resolver.routeStage('products')).toMatchObject({ stage: 'shadow (flag off)', source: 'flag' });
  });

  it('a route with its own flag key uses it', async () => {
    const td = new TestData();
    await td.update(migrationFlag(td, 'checkout-migration', 'complete'));
    const custom = planFrom(
      twoRoutePlan('{ source: static }').replace('function: { name: products }', 'function: { name: products }, flag: { key: checkout-migration }'),
    ).plan.routes[0]!;
    const { resolver } = await start(td);
    await expect(resolver.decide(custom, request())).resolves.toMatchObject({ stage: 'complete', source: 'flag' });
  });

  it('targeting on the request context kind (route, method, path) works', async () => {
    const td = new TestData();
    await td.update(migrationFlag(td, 'strangler-route-products', 'off').ifMatch('request', 'method', 'HEAD').thenReturn(STAGES.indexOf('live')));
    const { resolver } = await start(td);
    await expect(resolver.decide(products, request({ method: 'HEAD' }))).resolves.toMatchObject({ stage: 'live' });
    await expect(resolver.decide(products, request({ method: 'GET' }))).resolves.toMatchObject({ stage: 'off' });
  });

  it('a flag update changes decisions at once and logs one audit line', async () => {
    const td = new TestData();
    await td.update(migrationFlag(td, 'strangler-route-products', 'shadow'));
    const { resolver, audit } = await start(td);
    expect(audit()).toEqual([]);
    await td.update(migrationFlag(td, 'strangler-route-products', 'live'));
    await expect(resolver.decide(products, request())).resolves.toMatchObject({ stage: 'live', source: 'flag' });
    expect(audit()).toEqual([
      expect.objectContaining({
        event: 'stage_change',
        route: 'products',
        oldStage: 'shadow',
        newStage: 'live',
        source: 'flag',
        reason: 'LaunchDarkly: strangler-route-products version 2',
        flagVersion: 2,
      }),
    ]);
    expect(resolver.routeStages()).toEqual([
      { route: 'products', stage: 'live', source: 'flag', flag: 'strangler-route-products', flagVersion: 2 },
      { route: 'orders', stage: 'shadow', source: 'default', reason: 'flag strangler-route-orders not found', flag: 'strangler-route-orders' },
    ]);
  });

  it('a plan reload with a new default stage is audited with source plan', async () => {
    const { resolver, audit } = await start(new TestData());
    const reloaded = planFrom(twoRoutePlan('{ source: static }').replace('stage: shadow', 'stage: off')).plan.routes;
    resolver.updatePlan(reloaded);
    expect(audit()).toEqual([expect.objectContaining({ route: 'orders', oldStage: 'shadow', newStage: 'off', source: 'plan', reason: 'plan reloaded' })]);
  });
});

describe('static source', () => {
  it('answers the plan stage synchronously and is always ready', async () => {
    const { logger } = logSink();
    const resolver = await createStageResolver(planFrom(twoRoutePlan('{ source: static }')), { logger });
    expect(resolver.decide(orders, request())).toEqual({ stage: 'shadow', source: 'static' });
    expect(resolver.ready()).toBe(true);
    expect(resolver.routeStages().map((r) => [r.route, r.stage, r.source])).toEqual([
      ['products', 'off', 'static'],
      ['orders', 'shadow', 'static'],
    ]);
  });
});
