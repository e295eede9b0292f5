import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, type LogSink } from '../helpers/index.js';
import { run } from '../cli/commands/shadow-cli-helpers.js';
import { startLambdaBench, type LambdaBench, type PlanProxy } from '../proxy/targets/helpers.js';

// Issue 16 item 10: three routes sharing one function opened their breakers mostly on throttles. A throttle
// (Lambda's 429 TooManyRequestsException: the function never ran) falls back to the monolith whatever the method,
// is counted apart (the invocation metric's `throttled` outcome, `/stats` throttles and throttleRate, the
// dashboard's and `strangler status`'s THROTTLED column) and neither opens the breaker nor rolls the route back.
let bench: LambdaBench;
let running: PlanProxy;
let url: string;
let adminUrl: string;
let logs: LogSink;

// The same strict settings on both routes: 4 calls, half failing, open the breaker; 5 requests, over 10 % failing
// or falling back, roll back.
const fallback = { breaker: { minimumRequests: 4, failureRatio: 0.5, halfOpenAfterMs: 60_000 } };
const gates = { rollback: { minRequests: 5, maxFailureRate: 0.1, maxFallbackRate: 0.1, windowMs: 60_000 } };

beforeAll(async () => {
  bench = await startLambdaBench();
  running = await bench.planProxy(
    [
      // reservedConcurrency 0: Lambda throttles every invocation.
      { id: 'search', match: { path: '/search/*' }, function: { name: 'routing-throttled' }, stage: 'live', fallback, gates },
      // Positive control: the same settings on a function that throws.
      { id: 'broken', match: { path: '/broken/*' }, function: { name: 'routing' }, stage: 'live', fallback, gates: { rollback: { enabled: false } } },
    ],
    { shadow: { store: { path: ':memory:' } } },
  );
  ({ url, adminUrl, logs } = running);
});
afterAll(async () => {
  await bench?.close();
});

const row = (id: string) => running.routeRow(id);
const metrics = () => running.metrics();
const posts = (): number => bench.monolith.requests.filter((r) => r.method === 'POST').length;

describe('a throttled invocation', () => {
  it('GET falls back to the monolith with x-strangler-fallback: STRANGLER_LAMBDA_THROTTLED', async () => {
    const res = await send(`${url}/search/a`, { headers: { 'x-request-id': 'get-throttled' } });
    expect(res.status).toBe(200);
    expect(res.text).toBe('monolith GET /search/a');
    expect(res.headers['x-strangler-fallback']).toBe('STRANGLER_LAMBDA_THROTTLED');
    expect(await logs.waitFor((l) => l.msg === 'request' && l.requestId === 'get-throttled')).toMatchObject({
      servedBy: 'monolith',
      fallback: 'STRANGLER_LAMBDA_THROTTLED',
    });
  });

  it('POST falls back too (the function never ran): the monolith gets it exactly once, the function never', async () => {
    const before = posts();
    const res = await send(`${url}/search/b`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"q":"shoes"}' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('monolith POST /search/b');
    expect(res.headers['x-strangler-served-by']).toBe('monolith');
    expect(res.headers['x-strangler-fallback']).toBe('STRANGLER_LAMBDA_THROTTLED');
    expect(posts()).toBe(before + 1);
    expect(bench.invocations().filter((l) => l.includes('/search/'))).toEqual([]);
  });

  it('does not open the breaker nor roll the route back, where the same number of function errors opens it', async () => {
    for (let i = 0; i < 8; i++) expect((await send(`${url}/search/c${i}`)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await send(`${url}/broken/x?action=throw`)).status).toBe(200);
    expect(await row('broken')).toMatchObject({ breaker: 'open' });
    expect(await row('search')).toMatchObject({ stage: 'live', breaker: 'closed', lambda: { throttles: 10 } });
    expect(
      logs.lines.some((l) => (l.event === 'breaker.transition' && l.routeId === 'search') || (l.event === 'shadow.rollback' && l.route === 'search')),
    ).toBe(false);
  });

  it('is counted as a throttle: the invocation metric, /stats throttles and throttleRate', async () => {
    const text = await metrics();
    expect(text).toContain('strangler_lambda_invocations_total{route="search",outcome="throttled"} 10');
    expect(text).toContain('strangler_fallbacks_total{route="search",reason="STRANGLER_LAMBDA_THROTTLED"} 10');
    const stats = (await (await fetch(`${adminUrl}/stats`)).json()) as { routes: Array<Record<string, unknown>> };
    expect(stats.routes.find((r) => r.route === 'search')).toMatchObject({ lambdaPlanned: 10, fallbacks: 10, throttles: 10, throttleRate: 1 });
    // Function errors fall back too, but they are not throttles.
    expect(stats.routes.find((r) => r.route === 'broken')).toMatchObject({ fallbacks: 4, throttles: 0, throttleRate: 0 });
  });

  it('strangler status shows throttles in their own column', async () => {
    const r = await run(['status', '--plan', running.planFile, '--admin', adminUrl]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const header = lines.find((l) => l.startsWith('ROUTE'))!.split(/\s{2,}/);
    const cells = (id: string): string[] => lines.find((l) => l.startsWith(`${id} `))!.split(/\s{2,}/);
    const at = header.indexOf('THROTTLED');
    expect(header.slice(at - 1, at + 2)).toEqual(['FALLBACK', 'THROTTLED', 'ERRORS']);
    expect(cells('search')[at]).toBe('100.0%');
    expect(cells('broken')[at]).toBe('0.0%');
    expect(cells('broken')[header.indexOf('BREAKER')]).toBe('open');
  });

  // The cells are filled from /stats `throttleRate` in the browser: test/proxy/dashboard/browser.test.ts checks them.
  it('the dashboard page has the Throttled column', async () => {
    const page = await (await fetch(`${adminUrl}/`)).text();
    expect(page).toMatch(/<th[^>]*>Fallback<\/th>\s*<th[^>]*>Throttled<\/th><th[^>]*>Errors<\/th>/);
  });
});
