import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, waitFor, type LogSink } from '../helpers/index.js';
import { startLambdaBench, type LambdaBench, type PlanProxy } from '../proxy/targets/helpers.js';

// Issue 16 item 9: an Express function that throws answers 500 (Express catches the error), so Lambda reports a
// normal result. By default such a 5xx is a failure: a GET falls back to the monolith, a POST gets the function's
// 500 (it ran) but the breaker and automatic rollback count it. `fallback.serverErrors: pass` keeps the old rule.
let bench: LambdaBench;
let running: PlanProxy;
let url: string;
let logs: LogSink;

const fn = { name: 'express-throws' };
const noRollback = { rollback: { enabled: false } };
// A breaker that cannot open within these tests, for the routes that watch something else.
const lazyBreaker = { breaker: { minimumRequests: 1000 } };

beforeAll(async () => {
  bench = await startLambdaBench();
  running = await bench.planProxy(
    [
      { id: 'orders', match: { path: '/orders/*' }, function: fn, stage: 'live', fallback: lazyBreaker, gates: noRollback },
      {
        id: 'carts',
        match: { path: '/carts/*' },
        function: fn,
        stage: 'live',
        fallback: { breaker: { minimumRequests: 4, failureRatio: 0.5, halfOpenAfterMs: 60_000 } },
        gates: noRollback,
      },
      {
        id: 'payments',
        match: { path: '/payments/*' },
        function: fn,
        stage: 'live',
        fallback: lazyBreaker,
        gates: { rollback: { minRequests: 5, maxFailureRate: 0.5, windowMs: 60_000 } },
      },
      {
        id: 'legacy',
        match: { path: '/legacy/*' },
        function: fn,
        stage: 'live',
        fallback: { serverErrors: 'pass', breaker: { minimumRequests: 4, failureRatio: 0.5, halfOpenAfterMs: 60_000 } },
        gates: { rollback: { minRequests: 5, maxFailureRate: 0.5, windowMs: 60_000 } },
      },
    ],
    { shadow: { store: { path: ':memory:' } } },
  );
  ({ url, logs } = running);
});
afterAll(async () => {
  await bench?.close();
});

const row = (id: string) => running.routeRow(id);
const metrics = () => running.metrics();
const post = (path: string) => send(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"order":1}' });

describe('a function answering 5xx (default fallback.serverErrors: fail)', () => {
  it('GET falls back to the monolith with x-strangler-fallback: STRANGLER_LAMBDA_STATUS', async () => {
    const res = await send(`${url}/orders/boom`, { headers: { 'x-request-id': 'get-boom' } });
    expect(res.status).toBe(200);
    expect(res.text).toBe('monolith GET /orders/boom');
    expect(res.headers['x-strangler-served-by']).toBe('monolith');
    expect(res.headers['x-strangler-fallback']).toBe('STRANGLER_LAMBDA_STATUS');
    const line = await logs.waitFor((l) => l.msg === 'request' && l.requestId === 'get-boom');
    expect(line).toMatchObject({
      routeId: 'orders',
      servedBy: 'monolith',
      status: 200,
      fallback: 'STRANGLER_LAMBDA_STATUS',
      lambdaError: 'STRANGLER_LAMBDA_STATUS',
    });
    expect(String(line.lambdaErrorMessage)).toContain('answered 500');
  });

  it('a healthy answer is still served by the function', async () => {
    const res = await send(`${url}/orders/fine`);
    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
    expect(JSON.parse(res.text)).toEqual({ ok: true, method: 'GET' });
  });

  it("POST gets the function's own 500 (the function ran), the monolith nothing, and it is counted as a failure", async () => {
    const posts = () => bench.monolith.requests.filter((r) => r.method === 'POST').length;
    const before = posts();
    const res = await send(`${url}/orders/boom`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'post-boom' }, body: '{}' });
    expect(res.status).toBe(500);
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
    expect(res.headers['x-strangler-fallback']).toBeUndefined();
    expect(res.text).toContain('order service exploded');
    expect(posts()).toBe(before);
    const line = await logs.waitFor((l) => l.msg === 'request' && l.requestId === 'post-boom');
    expect(line).toMatchObject({ routeId: 'orders', servedBy: 'lambda', status: 500, lambdaError: 'STRANGLER_LAMBDA_STATUS' });
    expect(await metrics()).toMatch(/strangler_lambda_failures_total\{route="orders",code="STRANGLER_LAMBDA_STATUS"\} 2/);
  });

  it('opens the breaker: after it opens a POST gets 503 STRANGLER_BREAKER_OPEN and the function is not called', async () => {
    expect((await row('carts')).breaker).toBe('closed');
    for (let i = 0; i < 4; i++) expect((await post('/carts/boom')).status).toBe(500);
    await waitFor(async () => (await row('carts')).breaker === 'open', { what: 'the carts breaker to open' });
    expect(await logs.waitFor((l) => l.event === 'breaker.transition' && l.routeId === 'carts')).toMatchObject({
      from: 'closed',
      to: 'open',
      windowFailures: 4,
    });
    const invoked = /strangler_lambda_invocations_total\{route="carts",outcome="function_error"\} 4\n/;
    expect(await metrics()).toMatch(invoked);
    const res = await post('/carts/fine');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'STRANGLER_BREAKER_OPEN' } });
    const text = await metrics();
    expect(text).toMatch(invoked);
    expect(text).not.toMatch(/strangler_lambda_invocations_total\{route="carts",outcome="ok"\}/);
  });

  it('feeds automatic rollback: a route whose POSTs keep answering 500 is pinned back to shadow', async () => {
    for (let i = 0; i < 5; i++) expect((await post('/payments/boom')).status).toBe(500);
    const line = await logs.waitFor((l) => l.event === 'shadow.rollback' && l.route === 'payments');
    expect(line).toMatchObject({ from: 'live', to: 'shadow', requests: 5, failureRate: 1 });
    expect(await row('payments')).toMatchObject({ stage: 'shadow', source: 'pin' });
    expect(await metrics()).toContain('strangler_route_rollbacks_total{route="payments"} 1');
  });
});

describe('fallback.serverErrors: pass (the per-route opt-out)', () => {
  it('GET gets the 500 from the function, no fallback', async () => {
    const res = await send(`${url}/legacy/boom`);
    expect(res.status).toBe(500);
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
    expect(res.headers['x-strangler-fallback']).toBeUndefined();
  });

  it('neither the breaker nor automatic rollback counts the 500s', async () => {
    // Positive control: the same number of POSTs opened the carts breaker and rolled payments back above.
    for (let i = 0; i < 6; i++) expect((await post('/legacy/boom')).status).toBe(500);
    const res = await post('/legacy/fine');
    expect(res.status).toBe(200);
    expect(await row('legacy')).toMatchObject({ stage: 'live', breaker: 'closed' });
    const text = await metrics();
    expect(text).not.toMatch(/strangler_lambda_failures_total\{route="legacy"/);
    expect(text).toMatch(/strangler_lambda_invocations_total\{route="legacy",outcome="ok"\} 8/);
    expect(
      logs.lines.some((l) => (l.event === 'shadow.rollback' && l.route === 'legacy') || (l.event === 'breaker.transition' && l.routeId === 'legacy')),
    ).toBe(false);
  });
});
