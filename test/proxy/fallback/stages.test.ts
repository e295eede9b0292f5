import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, type RunningProxy } from '../../helpers/index.js';
import { startLambdaBench, type LambdaBench } from '../targets/helpers.js';

// Who may fall back: `live` and `rampdown` (safe methods, or a request with an Idempotency-Key when the route
// allows it); `complete` never.
let bench: LambdaBench;
let proxy: RunningProxy;
beforeAll(async () => {
  bench = await startLambdaBench();
  proxy = await bench.proxy([
    { id: 'rampdown', match: { path: '/rampdown' }, function: { name: 'routing' }, stage: 'rampdown' },
    { id: 'complete', match: { path: '/complete' }, function: { name: 'routing' }, stage: 'complete' },
    { id: 'keyed', match: { path: '/keyed' }, function: { name: 'routing' }, stage: 'live', fallback: { idempotencyKey: true } },
    { id: 'off', match: { path: '/off' }, function: { name: 'routing' }, stage: 'off' },
  ]);
});
afterAll(async () => {
  await bench?.close();
});

describe('fallback by stage and method', () => {
  it('rampdown: the function serves and a failed GET falls back', async () => {
    expect((await send(`${proxy.url}/rampdown`)).headers['x-strangler-served-by']).toBe('lambda');
    const res = await send(`${proxy.url}/rampdown?action=throw`);
    expect(res.headers['x-strangler-fallback']).toBe('STRANGLER_LAMBDA_FUNCTION_ERROR');
  });

  it('complete: the function serves and a failed GET never reaches the monolith', async () => {
    const before = bench.monolith.requests.length;
    expect((await send(`${proxy.url}/complete`)).headers['x-strangler-served-by']).toBe('lambda');
    const res = await send(`${proxy.url}/complete?action=throw`);
    expect(res.status).toBe(502);
    expect(res.json()).toMatchObject({ error: { code: 'STRANGLER_LAMBDA_FUNCTION_ERROR' } });
    expect(bench.monolith.requests.length).toBe(before);
  });

  it('fallback.idempotencyKey: a POST with an Idempotency-Key is replayed, with its body; without one it is not', async () => {
    const keyed = await send(`${proxy.url}/keyed?action=throw`, {
      method: 'POST',
      headers: { 'idempotency-key': 'k-1', 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(keyed.status).toBe(200);
    expect(keyed.text).toBe('monolith POST /keyed?action=throw');
    expect(keyed.headers['x-body-bytes']).toBe('5');
    expect(keyed.headers['x-strangler-fallback']).toBe('STRANGLER_LAMBDA_FUNCTION_ERROR');
    const plain = await send(`${proxy.url}/keyed?action=throw`, { method: 'POST', body: 'hello' });
    expect(plain.status).toBe(502);
  });

  it('off: the monolith serves and the function is not invoked', async () => {
    const before = bench.invocations().length;
    const res = await send(`${proxy.url}/off`);
    expect(res.headers['x-strangler-served-by']).toBe('monolith');
    expect(res.headers['x-strangler-fallback']).toBeUndefined();
    expect(bench.invocations().length).toBe(before);
  });

  it('the request log line says who served, the fallback code and the Lambda duration', async () => {
    await send(`${proxy.url}/rampdown?action=throw`, { headers: { 'x-request-id': 'log-fallback' } });
    await send(`${proxy.url}/rampdown`, { headers: { 'x-request-id': 'log-lambda' } });
    const fell = await proxy.logs.waitFor((l) => l.msg === 'request' && l.requestId === 'log-fallback');
    expect(fell).toMatchObject({ servedBy: 'monolith', fallback: 'STRANGLER_LAMBDA_FUNCTION_ERROR', stage: 'rampdown' });
    expect(typeof fell.lambdaMs).toBe('number');
    const served = await proxy.logs.waitFor((l) => l.msg === 'request' && l.requestId === 'log-lambda');
    expect(served).toMatchObject({ servedBy: 'lambda', status: 200 });
    expect(served.fallback).toBeUndefined();
    expect(typeof served.lambdaMs).toBe('number');
  });
});
