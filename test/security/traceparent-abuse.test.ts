import { InvalidParameterValueException, InvalidRequestContentException, RequestTooLargeException } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../proxy/fallback/index.js';
import { clientContextWithTrace, encodedClientContextSize } from '../../proxy/tracing/index.js';
import { send, testPlan } from '../helpers/index.js';
import { startLambdaProxy, type LambdaProxy } from '../helpers/lambda-proxy.js';

/**
 * Guards: a client's `traceparent` cannot break invocations. A 3,000-byte traceparent used to make every invoke
 * fail (`Client context must be 3583 bytes or less`): GETs fell back, POSTs got 502, and 20 such requests opened the
 * breaker and made automatic rollback pin the route for everyone. Now an invalid traceparent is dropped (W3C Trace
 * Context) and the trace restarts, the client context always fits Lambda's limit, and a failure the client's own
 * input causes counts toward neither the breaker nor rollback.
 */
const CLIENT_CONTEXT_LIMIT = 3583;
const VALID = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const HUGE = `00-${'a'.repeat(3000)}`;
const BREAKER = { failureRatio: 0.5, minimumRequests: 4, windowMs: 60_000, halfOpenAfterMs: 60_000 };

interface Echo {
  headers: Record<string, string>;
  clientContext: { custom?: Record<string, string> } | null;
}

let sys: LambdaProxy;
let url: string;
let adminUrl: string;

beforeAll(async () => {
  sys = await startLambdaProxy({
    functions: [{ name: 'routing', handler: 'routing.handler', timeout: 5 }],
    plan: ({ monolith, lambda }) =>
      testPlan({
        monolith: { url: monolith },
        lambda: { endpoint: lambda },
        shadow: { store: { path: ':memory:' } },
        routes: [
          {
            id: 'items',
            match: { path: '/items/:id' },
            function: { name: 'routing' },
            stage: 'live',
            fallback: { breaker: BREAKER },
            gates: { rollback: { minRequests: 4, maxFailureRate: 0.1, maxFallbackRate: 0.1 } },
          },
        ],
      }),
  });
  ({ url, adminUrl } = sys);
});
afterAll(async () => {
  await sys?.close();
});

const metrics = async (): Promise<string> => (await fetch(`${adminUrl}/metrics`)).text();
const reencoded = (clientContext: unknown): number => Math.ceil(Buffer.byteLength(JSON.stringify(clientContext ?? {})) / 3) * 4;

describe('an invalid traceparent is dropped and the function still answers', () => {
  it.each([
    ['3,000 bytes', HUGE],
    ['malformed', '00-not-a-trace-01'],
    ['all-zero trace id', `00-${'0'.repeat(32)}-b7ad6b7169203331-01`],
    ['version ff', `ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01`],
    ['version 00 with extra fields', `${VALID}-extra`],
  ])('%s: served by Lambda, no fallback; the trace restarts (no traceparent, no tracestate)', async (_, traceparent) => {
    const id = `tp-${Math.random().toString(36).slice(2)}`;
    const res = await send(`${url}/items/1`, { headers: { traceparent, tracestate: 'vendor=abc', 'x-request-id': id } });
    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
    expect(res.headers['x-strangler-fallback']).toBeUndefined();
    const echo = res.json<Echo>();
    expect(echo.headers.traceparent).toBeUndefined();
    expect(echo.headers.tracestate).toBeUndefined();
    expect(echo.clientContext?.custom?.traceparent).toBeUndefined();
    expect(reencoded(echo.clientContext)).toBeLessThanOrEqual(CLIENT_CONTEXT_LIMIT);
    const line = await sys.logs.waitFor((l) => l.msg === 'request' && l.requestId === id);
    expect(line).toMatchObject({ status: 200, servedBy: 'lambda', invalidTraceparent: true });
    expect(line.errorCode).toBeUndefined();
  });

  it('a POST with a 3,000-byte traceparent is served by the function, not answered 502', async () => {
    const res = await send(`${url}/items/2`, { method: 'POST', headers: { traceparent: HUGE, 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
  });

  it('a valid traceparent still reaches the event and the client context (positive control)', async () => {
    const res = await send(`${url}/items/3`, { headers: { traceparent: VALID, tracestate: 'vendor=abc' } });
    const echo = res.json<Echo>();
    expect(echo.headers.traceparent).toBe(VALID);
    expect(echo.clientContext?.custom).toMatchObject({ traceparent: VALID, tracestate: 'vendor=abc' });
  });

  it('a valid traceparent with a 3,000-byte tracestate: the tracestate stays out of the client context, which fits', async () => {
    const tracestate = `big=${'b'.repeat(3000)}`;
    const res = await send(`${url}/items/4`, { headers: { traceparent: VALID, tracestate } });
    expect(res.status).toBe(200);
    const echo = res.json<Echo>();
    expect(echo.clientContext?.custom?.traceparent).toBe(VALID);
    expect(echo.clientContext?.custom?.tracestate).toBeUndefined();
    expect(reencoded(echo.clientContext)).toBeLessThanOrEqual(CLIENT_CONTEXT_LIMIT);
  });

  it('more such requests than the breaker and rollback thresholds: the breaker stays closed, the route stays live', async () => {
    for (let i = 0; i < BREAKER.minimumRequests * 3; i++) {
      const res = await send(`${url}/items/${i}`, { headers: { traceparent: HUGE } });
      expect(res.headers['x-strangler-served-by']).toBe('lambda');
    }
    const text = await metrics();
    expect(text).toMatch(/^strangler_breaker_state\{route="items"\} 0$/m);
    expect(text).not.toMatch(/^strangler_breaker_transitions_total\{route="items"/m);
    expect(text).not.toMatch(/^strangler_route_rollbacks_total\{route="items"\} [1-9]/m);
    expect(text).not.toMatch(/^strangler_lambda_failures_total\{route="items"/m);
    const routes = (await (await fetch(`${adminUrl}/routes`)).json()) as { routes: Array<{ id: string; stage: string }> };
    expect(routes.routes.find((r) => r.id === 'items')?.stage).toBe('live');
  });
});

describe('the client context never exceeds Lambda’s limit', () => {
  const base = { custom: { 'x-strangler-shadow': '1', note: 'n'.repeat(2400) } };
  it.each([
    ['valid trace, small tracestate', { traceparent: VALID, tracestate: 'v=1' }, true, true],
    ['valid trace, tracestate that no longer fits next to the base', { traceparent: VALID, tracestate: `v=${'x'.repeat(500)}` }, true, false],
    ['invalid traceparent', { traceparent: HUGE }, false, false],
  ])('%s', (_, trace, keepsParent, keepsState) => {
    const out = clientContextWithTrace(base, trace)!;
    expect(encodedClientContextSize(out)).toBeLessThanOrEqual(CLIENT_CONTEXT_LIMIT);
    const custom = out.custom as Record<string, string>;
    expect(custom['x-strangler-shadow']).toBe('1');
    expect(custom.traceparent !== undefined).toBe(keepsParent);
    expect(custom.tracestate !== undefined).toBe(keepsState);
  });
});

describe('a failure caused by the client’s own input counts toward neither breaker nor rollback', () => {
  const route = testPlan({ monolith: { url: 'http://127.0.0.1:1' }, routes: [{ id: 'r', match: { path: '/r' }, function: { name: 'fn' }, stage: 'live' }] })
    .routes[0]!;
  const failed = (error: Error) => classifyOutcome({ route, method: 'GET', outcome: { kind: 'error', error, deadline: false, aborted: false, durationMs: 1 } });
  const meta = { $metadata: { httpStatusCode: 400 } };

  it.each([
    [
      'client context rejected',
      new InvalidParameterValueException({ message: 'Client context must be 3583 bytes or less (got 4000).', ...meta }),
      'STRANGLER_LAMBDA_REQUEST_REJECTED',
    ],
    [
      'request content rejected',
      new InvalidRequestContentException({ message: 'Could not parse request body into json', ...meta }),
      'STRANGLER_LAMBDA_REQUEST_REJECTED',
    ],
    [
      'request too large',
      new RequestTooLargeException({ message: 'Request must be smaller than 6291456 bytes', $metadata: { httpStatusCode: 413 } }),
      'STRANGLER_LAMBDA_PAYLOAD_TOO_LARGE',
    ],
  ])('%s → %s, client-caused', (_, error, code) => {
    const c = failed(error);
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.failure.code).toBe(code);
    expect(c.failure.clientCaused).toBe(true);
    expect(c.failure.countsForBreaker).toBe(false);
  });

  it('an InvalidParameterValueException about something else is not the client’s (positive control)', () => {
    const c = failed(new InvalidParameterValueException({ message: 'The role defined for the function cannot be assumed by Lambda.', ...meta }));
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.failure.clientCaused).toBe(false);
    expect(c.failure.countsForBreaker).toBe(true);
  });
});
