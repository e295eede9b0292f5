import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, type RunningProxy } from '../../helpers/index.js';
import { startLambdaBench, type LambdaBench } from '../targets/helpers.js';

// The route's circuit breaker: opens on the failure ratio once the window has enough calls, serves the monolith
// (safe requests) or 503 STRANGLER_BREAKER_OPEN (unsafe ones) while open, lets one probe through after
// halfOpenAfterMs, and closes when it succeeds. Each transition is a log line, a metric, and shows in /routes.
const HALF_OPEN_AFTER_MS = 500;
let bench: LambdaBench;
let proxy: RunningProxy;

beforeAll(async () => {
  bench = await startLambdaBench();
  proxy = await bench.proxy([
    {
      id: 'catalog',
      match: { path: '/catalog' },
      function: { name: 'routing' },
      stage: 'live',
      fallback: { breaker: { failureRatio: 0.5, minimumRequests: 4, windowMs: 10_000, halfOpenAfterMs: HALF_OPEN_AFTER_MS } },
    },
  ]);
});
afterAll(async () => {
  await bench?.close();
});

const routesRow = async () => {
  const body = (await (await fetch(`${proxy.adminUrl}/routes`)).json()) as { routes: Array<{ id: string; breaker: string }> };
  return body.routes.find((r) => r.id === 'catalog')!;
};
const metrics = async () => (await fetch(`${proxy.adminUrl}/metrics`)).text();

describe('circuit breaker', () => {
  it('starts closed', async () => {
    expect((await routesRow()).breaker).toBe('closed');
  });

  it('stays closed below the minimum number of calls, opens when the window reaches it', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await send(`${proxy.url}/catalog?action=throw`);
      expect(res.headers['x-strangler-fallback']).toBe('STRANGLER_LAMBDA_FUNCTION_ERROR');
    }
    expect((await routesRow()).breaker).toBe('closed');
    await send(`${proxy.url}/catalog?action=throw`);
    expect((await routesRow()).breaker).toBe('open');
    const line = await proxy.logs.waitFor((l) => l.event === 'breaker.transition' && l.to === 'open');
    expect(line).toMatchObject({ routeId: 'catalog', from: 'closed', windowCalls: 4, windowFailures: 4 });
    expect(await metrics()).toContain('strangler_breaker_state{route="catalog"} 1');
  });

  it('while open: GET is served by the monolith without invoking, POST gets 503 STRANGLER_BREAKER_OPEN', async () => {
    const invoked = bench.invocations().length;
    const monolithBefore = bench.monolith.requests.length;
    const get = await send(`${proxy.url}/catalog`);
    expect(get.status).toBe(200);
    expect(get.headers['x-strangler-served-by']).toBe('monolith');
    expect(get.headers['x-strangler-fallback']).toBe('STRANGLER_BREAKER_OPEN');
    const post = await send(`${proxy.url}/catalog`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(503);
    expect(post.json()).toMatchObject({ error: { code: 'STRANGLER_BREAKER_OPEN' } });
    expect(bench.invocations().length).toBe(invoked);
    expect(bench.monolith.requests.length).toBe(monolithBefore + 1);
  });

  it('after halfOpenAfterMs one probe goes to the function; its success closes the breaker', async () => {
    await sleep(HALF_OPEN_AFTER_MS + 100);
    const probe = await send(`${proxy.url}/catalog`);
    expect(probe.headers['x-strangler-served-by']).toBe('lambda');
    expect(probe.status).toBe(200);
    expect((await routesRow()).breaker).toBe('closed');
    await proxy.logs.waitFor((l) => l.event === 'breaker.transition' && l.to === 'half-open');
    await proxy.logs.waitFor((l) => l.event === 'breaker.transition' && l.from === 'half-open' && l.to === 'closed');
    const text = await metrics();
    expect(text).toContain('strangler_breaker_transitions_total{route="catalog",from="closed",to="open"} 1');
    expect(text).toContain('strangler_breaker_transitions_total{route="catalog",from="open",to="half-open"} 1');
    expect(text).toContain('strangler_breaker_transitions_total{route="catalog",from="half-open",to="closed"} 1');
    expect(text).toContain('strangler_breaker_state{route="catalog"} 0');
    expect(text).toContain('strangler_fallbacks_total{route="catalog",reason="STRANGLER_BREAKER_OPEN"} 1');
  });

  it('a failed probe opens it again', async () => {
    for (let i = 0; i < 4; i++) await send(`${proxy.url}/catalog?action=throw`);
    expect((await routesRow()).breaker).toBe('open');
    await sleep(HALF_OPEN_AFTER_MS + 100);
    const probe = await send(`${proxy.url}/catalog?action=throw`);
    expect(probe.headers['x-strangler-fallback']).toBe('STRANGLER_LAMBDA_FUNCTION_ERROR');
    expect((await routesRow()).breaker).toBe('open');
    const next = await send(`${proxy.url}/catalog`);
    expect(next.headers['x-strangler-fallback']).toBe('STRANGLER_BREAKER_OPEN');
  });
});
