import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, send, type RunningProxy } from '../../helpers/index.js';
import { startLambdaBench, type LambdaBench } from '../targets/helpers.js';

// Every failure class: a GET falls back to the monolith (x-strangler-served-by: monolith, x-strangler-fallback:
// <code>), a POST gets the coded error and the monolith receives nothing; except a throttle, which never ran the
// function, so a POST falls back too.
let bench: LambdaBench;
let proxy: RunningProxy;
let offline: RunningProxy;

const live = (id: string, fn: string, extra: Record<string, unknown> = {}) => ({
  id,
  match: { path: `/${id}/*` },
  function: { name: fn },
  stage: 'live' as const,
  ...extra,
});

beforeAll(async () => {
  bench = await startLambdaBench();
  proxy = await bench.proxy([
    live('function-error', 'routing'),
    live('deadline', 'routing', { timeoutMs: 400 }),
    live('sandbox-timeout', 'routing-short', { timeoutMs: 5000 }),
    live('throttled', 'routing-throttled'),
    live('not-found', 'no-such-function'),
    live('response-too-large', 'routing'),
    live('bad-response', 'routing'),
    live('on-status', 'routing', { fallback: { serverErrors: 'pass', onStatus: [503] } }),
  ]);
  const port = await closedPort();
  offline = await bench.proxy([live('network', 'routing')], { lambda: { endpoint: `http://127.0.0.1:${port}` } });
});
afterAll(async () => {
  await bench?.close();
});

const cases = [
  { route: 'function-error', query: 'action=throw', code: 'STRANGLER_LAMBDA_FUNCTION_ERROR', status: 502 },
  { route: 'deadline', query: 'action=sleep&ms=1500', code: 'STRANGLER_LAMBDA_TIMEOUT', status: 504 },
  { route: 'sandbox-timeout', query: 'action=sleep&ms=3000', code: 'STRANGLER_LAMBDA_TIMEOUT', status: 504 },
  { route: 'not-found', query: '', code: 'STRANGLER_LAMBDA_NOT_FOUND', status: 502 },
  { route: 'response-too-large', query: 'action=big&bytes=7000000', code: 'STRANGLER_LAMBDA_PAYLOAD_TOO_LARGE', status: 502 },
  { route: 'bad-response', query: 'action=bad', code: 'STRANGLER_LAMBDA_BAD_RESPONSE', status: 502 },
  { route: 'network', query: '', code: 'STRANGLER_LAMBDA_NETWORK', status: 502 },
] as const;

const urlOf = (route: string): string => (route === 'network' ? offline.url : proxy.url);
const logsOf = (route: string) => (route === 'network' ? offline.logs : proxy.logs);

describe.each(cases)('$route', ({ route, query, code, status }) => {
  it(`GET falls back to the monolith with x-strangler-fallback: ${code}`, async () => {
    const path = query === '' ? `/${route}/x` : `/${route}/x?${query}`;
    const res = await send(`${urlOf(route)}${path}`, { headers: { 'x-request-id': `get-${route}` } });
    expect(res.status).toBe(200);
    expect(res.text).toBe(`monolith GET ${path}`);
    expect(res.headers['x-strangler-served-by']).toBe('monolith');
    expect(res.headers['x-strangler-fallback']).toBe(code);
    const line = await logsOf(route).waitFor((l) => l.msg === 'request' && l.requestId === `get-${route}`);
    expect(line).toMatchObject({ routeId: route, servedBy: 'monolith', fallback: code, lambdaError: code, status: 200 });
  });

  it(`POST answers ${status} ${code} and the monolith receives nothing`, async () => {
    const before = bench.monolith.requests.length;
    const res = await send(`${urlOf(route)}/${route}/x?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"order":1}' });
    expect(res.status).toBe(status);
    expect(res.json()).toMatchObject({ error: { code } });
    expect(res.headers['x-strangler-fallback']).toBeUndefined();
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
    expect(bench.monolith.requests.length).toBe(before);
  });
});

describe('throttled', () => {
  it('GET falls back to the monolith with x-strangler-fallback: STRANGLER_LAMBDA_THROTTLED', async () => {
    const res = await send(`${proxy.url}/throttled/x`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('monolith GET /throttled/x');
    expect(res.headers['x-strangler-fallback']).toBe('STRANGLER_LAMBDA_THROTTLED');
  });

  it('POST falls back as well: Lambda refused the invocation, the function never ran', async () => {
    const before = bench.monolith.requests.length;
    const res = await send(`${proxy.url}/throttled/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"order":1}' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('monolith POST /throttled/x');
    expect(res.headers['x-strangler-fallback']).toBe('STRANGLER_LAMBDA_THROTTLED');
    expect(bench.monolith.requests.length).toBe(before + 1);
  });
});

describe('fallback.onStatus with serverErrors: pass', () => {
  it('GET with a listed status falls back with STRANGLER_LAMBDA_STATUS', async () => {
    const res = await send(`${proxy.url}/on-status/x?action=status&code=503`);
    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-fallback']).toBe('STRANGLER_LAMBDA_STATUS');
  });

  it("POST with a listed status gets the function's own answer (it is an answer), the monolith nothing", async () => {
    const before = bench.monolith.requests.length;
    const res = await send(`${proxy.url}/on-status/x?action=status&code=503`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(503);
    expect(res.json()).toEqual({ status: 503 });
    expect(bench.monolith.requests.length).toBe(before);
  });

  it('a status not listed is passed through', async () => {
    const res = await send(`${proxy.url}/on-status/x?action=status&code=500`);
    expect(res.status).toBe(500);
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
  });
});

describe('metrics', () => {
  it('counts fallbacks by route and reason', async () => {
    const text = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
    expect(text).toContain('strangler_fallbacks_total{route="function-error",reason="STRANGLER_LAMBDA_FUNCTION_ERROR"} 1');
    expect(text).toContain('strangler_fallbacks_total{route="throttled",reason="STRANGLER_LAMBDA_THROTTLED"} 2');
    expect(text).toMatch(/strangler_lambda_failures_total\{route="throttled",code="STRANGLER_LAMBDA_THROTTLED"\} 2/);
  });
});
