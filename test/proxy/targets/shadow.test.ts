import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlanProxy, type Proxy } from '../../../proxy/index.js';
import { createLambdaShadowCaller } from '../../../proxy/targets/index.js';
import { logSink, send, startProxy, startUpstream, testPlan, waitFor, type Upstream } from '../../helpers/index.js';
import { startLambdaBench, type LambdaBench } from './helpers.js';

// createPlanProxy wires the Lambda side into the shadow service: in `shadow` the monolith serves and the route's
// function gets a marked copy; in `live` the function serves and the monolith gets the copy. Both comparisons show
// in /shadow/report.
let bench: LambdaBench;
let monolith: Upstream;
let proxy: Proxy;
let url: string;
let adminUrl: string;

beforeAll(async () => {
  bench = await startLambdaBench();
  // The monolith answers what the fixture answers for `action=status&code=200`: { "status": 200 }.
  monolith = await startUpstream((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 200 }));
  });
  const plan = testPlan({
    monolith: { url: monolith.url },
    lambda: { endpoint: bench.endpoint },
    shadow: { store: { path: ':memory:' } },
    routes: [
      { id: 'shadowed', match: { methods: ['GET'], path: '/shadowed' }, function: { name: 'routing' }, stage: 'shadow' },
      { id: 'served', match: { methods: ['GET'], path: '/served' }, function: { name: 'routing' }, stage: 'live' },
    ],
  });
  proxy = await createPlanProxy({ plan, file: 'shadow-test.yaml', dir: process.cwd() }, { logDestination: logSink().stream });
  ({ url, adminUrl } = await proxy.listen());
});
afterAll(async () => {
  await proxy?.close();
  await monolith?.close();
  await bench?.close();
});

interface RouteReport {
  route: string;
  compared: number;
  matched: number;
  mismatched: number;
}
const report = async (route: string): Promise<RouteReport | undefined> => {
  const body = (await (await fetch(`${adminUrl}/shadow/report`)).json()) as { routes: RouteReport[] };
  return body.routes.find((r) => r.route === route);
};

describe('shadow stage: the function gets a copy', () => {
  it('the monolith answers; the function is invoked with the shadow marker; a match and a mismatch are reported', async () => {
    const before = bench.invocations().length;
    const same = await send(`${url}/shadowed?action=status&code=200`);
    expect(same.headers['x-strangler-served-by']).toBe('monolith');
    const differs = await send(`${url}/shadowed?action=status&code=201`);
    expect(differs.status).toBe(200);
    await waitFor(async () => (await report('shadowed'))?.compared === 2, { timeoutMs: 10_000 });
    expect(await report('shadowed')).toMatchObject({ compared: 2, matched: 1, mismatched: 1 });
    expect(bench.invocations().length - before).toBe(2);
  });

  it('the shadow invocation carries the marker in its headers and client context', async () => {
    const caller = createLambdaShadowCaller();
    const bare = await startProxy(
      testPlan({
        monolith: { url: monolith.url },
        lambda: { endpoint: bench.endpoint },
        routes: [{ id: 'echo', match: { path: '/echo' }, function: { name: 'routing' }, stage: 'shadow' }],
      }),
      { lambda: { shadowCaller: caller } },
    );
    try {
      const res = await caller.call({
        method: 'GET',
        url: '/echo?x=1',
        headers: { host: 'shop.example', 'x-strangler-shadow': '1' },
        body: Buffer.alloc(0),
        requestId: 'shadow-1',
        dryRun: false,
        signal: new AbortController().signal,
      });
      const echo = JSON.parse(res.body.toString()) as { headers: Record<string, string>; clientContext: unknown; requestId: string };
      expect(echo.headers['x-strangler-shadow']).toBe('1');
      expect(echo.clientContext).toMatchObject({ custom: { 'x-strangler-shadow': '1' } });
      expect(echo.requestId).toBe('shadow-1');
    } finally {
      await bare.close();
    }
  });
});

describe('live: the monolith gets a copy of what the function answered', () => {
  it('compares the function answer with the monolith', async () => {
    const res = await send(`${url}/served?action=status&code=200`);
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
    await send(`${url}/served?action=status&code=202`);
    await waitFor(async () => (await report('served'))?.compared === 2, { timeoutMs: 10_000 });
    expect(await report('served')).toMatchObject({ compared: 2, matched: 1, mismatched: 1 });
  });
});
