import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../../helpers/index.js';
import { startLambdaBench, type LambdaBench } from '../targets/helpers.js';

// The SDK's retries could run a non-idempotent function twice: the proxy's client makes exactly one Invoke per
// request (lambda.maxAttempts defaults to 1), counted on the wire in front of the local Lambda service.
let bench: LambdaBench;
beforeAll(async () => {
  bench = await startLambdaBench();
});
afterAll(async () => {
  await bench?.close();
});

const route = (id: string, fn: string) => ({ id, match: { path: `/${id}` }, function: { name: fn }, stage: 'live' as const });
const count = (list: string[], name: string) => list.filter((n) => n === name).length;

describe('the SDK never retries by itself', () => {
  it('a throttled POST is one Invoke request (the SDK would retry a 429 twice more by default)', async () => {
    const proxy = await bench.proxy([route('throttled', 'routing-throttled')]);
    const before = count(bench.invokes, 'routing-throttled');
    const res = await send(`${proxy.url}/throttled`, { method: 'POST', body: '{}' });
    // A throttled invocation never ran, so even a POST falls back to the monolith (issue 16 item 10).
    expect(res.headers['x-strangler-fallback']).toBe('STRANGLER_LAMBDA_THROTTLED');
    expect(count(bench.invokes, 'routing-throttled') - before).toBe(1);
  });

  it('a failing POST runs the function once', async () => {
    const proxy = await bench.proxy([route('fails', 'routing')]);
    const before = bench.invocations().length;
    const res = await send(`${proxy.url}/fails?action=throw`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(502);
    expect(bench.invocations().length - before).toBe(1);
  });

  it('the counter does see retries when a plan asks for them (lambda.maxAttempts: 3)', async () => {
    const proxy = await bench.proxy([route('retried', 'routing-throttled')], { lambda: { endpoint: bench.endpoint, maxAttempts: 3 } });
    const before = count(bench.invokes, 'routing-throttled');
    await send(`${proxy.url}/retried`, { method: 'POST', body: '{}' });
    expect(count(bench.invokes, 'routing-throttled') - before).toBe(3);
  });
});
