import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestData } from '@launchdarkly/node-server-sdk/integrations';
import { afterEach, describe, expect, it } from 'vitest';
import { createStageResolver, FlagsError, type FlagStageResolver } from '../../../proxy/flags/index.js';
import { createProxy } from '../../../proxy/index.js';
import { createShadowService } from '../../../proxy/shadow/index.js';
import { loadPlanFile } from '../../../proxy/plan/index.js';
import { STAGES } from '../../../proxy/stages/plan.js';
import { eventually, fixture, logSink, planFrom, request, twoRoutePlan } from './helpers.js';

let resolver: FlagStageResolver | undefined;
let server: Server | undefined;
afterEach(async () => {
  await resolver?.close();
  resolver = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A stand-in for LaunchDarkly's events service: keeps every POST body, parsed, with its path and headers. */
async function eventsSink(): Promise<{ url: string; posts: { path: string; headers: IncomingHttpHeaders; body: unknown }[] }> {
  const posts: { path: string; headers: IncomingHttpHeaders; body: unknown }[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts };
}

describe('launchdarkly source', () => {
  it('LaunchDarkly unreachable: start-up waits the bounded time, then serves default stages and is not ready', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const { logger, lines } = logSink();
    const started = Date.now();
    resolver = await createStageResolver(
      planFrom(twoRoutePlan(`{ source: launchdarkly, initTimeoutMs: 300, baseUri: "${url}", streamUri: "${url}", eventsUri: "${url}" }`)),
      { logger, env: { LAUNCHDARKLY_SDK_KEY: 'sdk-unreachable' } },
    );
    // Bounded: the 300 ms wait, with room for a loaded machine; never the SDK's unbounded default.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(resolver.ready()).toBe(false);
    const [products, orders] = planFrom(twoRoutePlan('{ source: static }')).plan.routes;
    expect(await resolver.decide(products!, request())).toEqual({ stage: 'off', source: 'default', reason: 'flags not loaded' });
    expect(await resolver.decide(orders!, request())).toEqual({ stage: 'shadow', source: 'default', reason: 'flags not loaded' });
    expect(lines.find((l) => l.level === 40 && String(l.msg).startsWith('flags not loaded (LaunchDarkly)'))).toMatchObject({ waitedMs: 300 });
  });

  it('the SDK key comes from the environment variable the plan names; unset is a start-up error', async () => {
    const loaded = loadPlanFile(fixture('plan-launchdarkly.yaml'));
    const error = await createStageResolver(loaded, { logger: logSink().logger, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlagsError);
    expect((error as FlagsError).code).toBe('STRANGLER_FLAGS_SDK_KEY_MISSING');
    expect((error as FlagsError).message).toContain('STRANGLER_TEST_LD_KEY');
  });

  it('records a migration op event for a request that ran both sides, sent to the events service', async () => {
    const sink = await eventsSink();
    const td = new TestData();
    await td.update(
      td
        .flag('strangler-route-products')
        .variations(...STAGES)
        .fallthroughVariation(STAGES.indexOf('live')),
    );
    resolver = await createStageResolver(
      planFrom(twoRoutePlan(`{ source: launchdarkly, eventsUri: "${sink.url}", context: { key: { from: header, name: x-user-id } } }`)),
      {
        logger: logSink().logger,
        env: { LAUNCHDARKLY_SDK_KEY: 'sdk-events-test' },
        ldOptions: { updateProcessor: td.getFactory(), diagnosticOptOut: true },
      },
    );
    const route = planFrom(twoRoutePlan('{ source: static }')).plan.routes[0]!;

    // live: the Lambda served (12 ms), the monolith was shadowed (30 ms) and failed; the answers differed.
    const decision = await resolver.decide(route, request({ headers: { 'x-user-id': 'user-42' } }));
    expect(decision).toMatchObject({ stage: 'live', source: 'flag' });
    resolver.complete({
      route,
      decision,
      sides: [
        { side: 'lambda', latencyMs: 12, error: false, role: 'authoritative' },
        { side: 'monolith', latencyMs: 30, error: true, role: 'shadow' },
      ],
      consistent: false,
    });
    // A request that ran one side only records nothing.
    const single = await resolver.decide(route, request({ headers: { 'x-user-id': 'user-43' } }));
    resolver.complete({ route, decision: single, sides: [{ side: 'lambda', latencyMs: 5, error: false, role: 'authoritative' }] });
    await resolver.flush();

    const bulk = await eventually(() => sink.posts.find((p) => p.path === '/bulk'), 5_000, 'a /bulk post');
    expect(bulk.headers.authorization).toBe('sdk-events-test');
    const ops = (bulk.body as Record<string, unknown>[]).filter((e) => e.kind === 'migration_op');
    expect(ops).toHaveLength(1);
    const op = ops[0]!;
    expect(op).toMatchObject({
      operation: 'read',
      evaluation: { key: 'strangler-route-products', value: 'live', default: 'off', variation: STAGES.indexOf('live'), reason: { kind: 'FALLTHROUGH' } },
    });
    expect(op.context).toMatchObject({ kind: 'multi', user: { key: 'user-42' }, request: { key: 'products', method: 'GET', path: '/products' } });
    const measurements = Object.fromEntries((op.measurements as { key: string }[]).map((m) => [m.key, m]));
    expect(measurements.invoked).toMatchObject({ values: { old: true, new: true } });
    expect(measurements.latency_ms).toMatchObject({ values: { old: 30, new: 12 } });
    expect(measurements.error).toMatchObject({ values: { old: true } });
    expect(measurements.consistent).toMatchObject({ value: false });
  });

  it('a request shadowed through the proxy sends its op event with both sides and the comparison’s verdict', async () => {
    const sink = await eventsSink();
    const monolith = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"price":10}'));
    await new Promise<void>((resolve) => monolith.listen(0, '127.0.0.1', resolve));
    const td = new TestData();
    await td.update(
      td
        .flag('strangler-route-products')
        .variations(...STAGES)
        .fallthroughVariation(STAGES.indexOf('shadow')),
    );
    const loaded = planFrom(`monolith: { url: "http://127.0.0.1:${(monolith.address() as AddressInfo).port}" }
flags: { source: launchdarkly, eventsUri: "${sink.url}" }
shadow: { store: { path: ":memory:" } }
routes:
  - { id: products, match: { path: /products }, function: { name: products } }
`);
    const logger = logSink().logger;
    resolver = await createStageResolver(loaded, {
      logger,
      env: { LAUNCHDARKLY_SDK_KEY: 'sdk-shadow-test' },
      ldOptions: { updateProcessor: td.getFactory(), diagnosticOptOut: true },
    });
    // The function prices the product differently: the shadow comparison is inconsistent.
    const shadow = createShadowService({
      loaded,
      logger,
      callLambda: async () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"price":12}') }),
    });
    const proxy = createProxy(loaded, { logger, stageResolver: resolver, shadow });
    try {
      const { url } = await proxy.listen();
      const res = await fetch(`${url}/products`);
      expect(await res.json()).toEqual({ price: 10 });
      const ops = await eventually(
        async () => {
          await resolver!.flush();
          const found = sink.posts
            .filter((p) => p.path === '/bulk')
            .flatMap((p) => (p.body as Record<string, unknown>[]).filter((e) => e.kind === 'migration_op'));
          return found.length > 0 ? found : undefined;
        },
        10_000,
        'a migration_op event',
      );
      expect(ops).toHaveLength(1);
      expect(ops[0]).toMatchObject({ operation: 'read', evaluation: { key: 'strangler-route-products', value: 'shadow' } });
      const measurements = Object.fromEntries((ops[0]!.measurements as { key: string }[]).map((m) => [m.key, m]));
      expect(measurements.invoked).toMatchObject({ values: { old: true, new: true } });
      expect(measurements.consistent).toMatchObject({ value: false });
    } finally {
      await proxy.close();
      await shadow.close();
      await new Promise<void>((resolve) => monolith.close(() => resolve()));
    }
  });
});
