import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlanProxy, type Proxy } from '../../../proxy/index.js';
import type { RouteLambdaHealth } from '../../../proxy/lambda-health/index.js';
import { logSink, loaded, testPlan, useUpstream, type LogSink, type Upstream } from '../../helpers/index.js';
import { useLambdaService, type RunningLambdaService } from '../../helpers/lambda-service.js';

// End to end against the local Lambda service: its REPORT line has `Init Duration` only when an execution
// environment starts, as Lambda's does. Functions are fresh per file, so the first call of each is cold.
const startLambda = useLambdaService('all');
const startUpstream = useUpstream('all');
let lambda: RunningLambdaService;
let mono: Upstream;
let proxy: Proxy;
let logs: LogSink;
let url: string;
let adminUrl: string;

beforeAll(async () => {
  lambda = await startLambda([
    { name: 'health-items', handler: 'routing.handler', timeout: 5 },
    { name: 'health-short', handler: 'routing.handler', timeout: 0.5 },
    { name: 'health-throttled', handler: 'routing.handler', reservedConcurrency: 0 },
    { name: 'health-untailed', handler: 'routing.handler', timeout: 5 },
  ]);
  mono = await startUpstream((req, res) => {
    req.resume();
    req.on('end', () => res.end(`monolith ${req.url}`));
  });
  logs = logSink();
  const plan = testPlan({
    monolith: { url: mono.url },
    lambda: { endpoint: lambda.endpoint, logTail: true },
    shadow: { store: { path: ':memory:' } },
    routes: [
      { id: 'items', match: { path: '/items/:id' }, function: { name: 'health-items' }, stage: 'live' },
      { id: 'slow', match: { path: '/slow' }, function: { name: 'health-short' }, stage: 'complete' }, // complete: no fallback, the client sees the 504
      { id: 'busy', match: { path: '/busy' }, function: { name: 'health-throttled' }, stage: 'live' },
      { id: 'untailed', match: { path: '/untailed' }, function: { name: 'health-untailed', logTail: false }, stage: 'live' },
    ],
  });
  proxy = await createPlanProxy(loaded(plan), { logDestination: logs.stream, env: {} });
  ({ url, adminUrl } = await proxy.listen());
});

afterAll(async () => {
  await proxy?.close();
});

async function row(id: string): Promise<RouteLambdaHealth> {
  const body = (await (await fetch(`${adminUrl}/routes`)).json()) as { routes: Array<{ id: string; lambda: RouteLambdaHealth }> };
  return body.routes.find((r) => r.id === id)!.lambda;
}

describe('cold starts and Lambda health per route', () => {
  it('first call cold, second warm: log lines, /routes and metrics say so', async () => {
    const first = await fetch(`${url}/items/1`);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-strangler-served-by')).toBe('lambda');
    await first.text();
    const cold = await logs.waitFor((l) => l.msg === 'request' && l.path === '/items/1');
    expect(cold.coldStart).toBe(true);
    expect(cold.lambdaInitMs).toBeGreaterThan(0);
    // The billed duration of the REPORT line, whole milliseconds (what strangler analyze prices).
    expect(Number.isInteger(cold.lambdaBilledMs)).toBe(true);
    expect(cold.lambdaBilledMs).toBeGreaterThanOrEqual(1);

    await (await fetch(`${url}/items/2`)).text();
    const warm = await logs.waitFor((l) => l.msg === 'request' && l.path === '/items/2');
    expect(warm.coldStart).toBe(false);
    expect(warm.lambdaInitMs).toBeUndefined();

    const health = await row('items');
    expect(health).toMatchObject({ invocations: 2, coldStarts: 1, coldStartRate: 0.5, throttles: 0, timeouts: 0 });
    expect(health.initDurationMs.p50).toBe(cold.lambdaInitMs);
    expect(health.billedDurationMs.p50).toBeGreaterThanOrEqual(1);
    expect(health.billedDurationMs.p99).toBeGreaterThanOrEqual(health.billedDurationMs.p50!);

    const metrics = await (await fetch(`${adminUrl}/metrics`)).text();
    expect(metrics).toContain('strangler_lambda_cold_starts_total{route="items"} 1');
    expect(metrics).toContain('strangler_lambda_invocations_total{route="items",outcome="ok"} 2');
    expect(metrics).toContain('strangler_lambda_init_duration_seconds_count{route="items"} 1');
    expect(metrics).toContain('strangler_lambda_billed_duration_seconds_count{route="items"} 2');
  });

  it('counts a function timeout', async () => {
    const res = await fetch(`${url}/slow?action=sleep&ms=3000`);
    expect(res.status).toBe(504);
    await res.text();
    expect(await row('slow')).toMatchObject({ invocations: 1, timeouts: 1, throttles: 0 });
    expect(await (await fetch(`${adminUrl}/metrics`)).text()).toContain('strangler_lambda_invocations_total{route="slow",outcome="timeout"} 1');
  });

  it("counts a throttle (the client still gets the monolith's answer through fallback)", async () => {
    const res = await fetch(`${url}/busy`);
    expect(await res.text()).toBe('monolith /busy');
    expect(await row('busy')).toMatchObject({ invocations: 1, throttles: 1, coldStarts: 0 });
    expect(await (await fetch(`${adminUrl}/metrics`)).text()).toContain('strangler_lambda_invocations_total{route="busy",outcome="throttled"} 1');
  });

  it('a route with function.logTail false: invocations counted, cold starts unknown, no coldStart in the log', async () => {
    await (await fetch(`${url}/untailed`)).text();
    const line = await logs.waitFor((l) => l.msg === 'request' && l.path === '/untailed');
    expect(line.servedBy).toBe('lambda');
    expect(line.coldStart).toBeUndefined();
    expect(await row('untailed')).toMatchObject({ invocations: 1, coldStarts: 0, coldStartRate: null });
  });
});
