import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, type RunningProxy } from '../../helpers/index.js';
import { startLambdaBench, type LambdaBench } from '../targets/helpers.js';

// Lambda takes at most 6 MB per synchronous invocation, counted on the event JSON after base64: a larger request
// goes to the monolith while fallback is allowed, else 413 STRANGLER_REQUEST_TOO_LARGE (the function never runs).
let bench: LambdaBench;
let proxy: RunningProxy;
const MB = 1024 * 1024;

beforeAll(async () => {
  bench = await startLambdaBench();
  proxy = await bench.proxy([
    { id: 'uploads', match: { path: '/uploads' }, function: { name: 'routing' }, stage: 'live', fallback: { methods: ['GET', 'POST'] } },
    { id: 'strict', match: { path: '/strict' }, function: { name: 'routing' }, stage: 'live' },
    { id: 'done', match: { path: '/done' }, function: { name: 'routing' }, stage: 'complete', fallback: { methods: ['GET', 'POST'] } },
  ]);
});
afterAll(async () => {
  await bench?.close();
});

/** A chunked upload (no Content-Length): the proxy only learns the size while reading. */
function chunked(url: string, size: number): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(MB, 7);
    for (let sent = 0; sent < size; sent += MB) req.write(chunk.subarray(0, Math.min(MB, size - sent)));
    req.end();
  });
}

describe('a request over 6 MB', () => {
  it('goes to the monolith, whole, when fallback is allowed (Content-Length known)', async () => {
    const before = bench.invocations().length;
    const res = await send(`${proxy.url}/uploads`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(7 * MB, 1) });
    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-fallback']).toBe('STRANGLER_REQUEST_TOO_LARGE');
    expect(res.headers['x-body-bytes']).toBe(String(7 * MB));
    expect(bench.invocations().length).toBe(before);
  });

  it('goes to the monolith, whole, for a chunked upload that grows past the limit', async () => {
    const res = await chunked(`${proxy.url}/uploads`, 7 * MB);
    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-fallback']).toBe('STRANGLER_REQUEST_TOO_LARGE');
    expect(res.headers['x-body-bytes']).toBe(String(7 * MB));
  });

  it('is measured after base64: 5 MB of binary is too large, 5 MB of text is not', async () => {
    const binary = await send(`${proxy.url}/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(5 * MB, 1),
    });
    expect(binary.headers['x-strangler-fallback']).toBe('STRANGLER_REQUEST_TOO_LARGE');
    const text = await send(`${proxy.url}/uploads`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'a'.repeat(5 * MB) });
    expect(text.headers['x-strangler-served-by']).toBe('lambda');
    expect(text.status).toBe(200);
  });

  it('answers 413 STRANGLER_REQUEST_TOO_LARGE when fallback is not allowed; the monolith receives nothing', async () => {
    const before = bench.monolith.requests.length;
    const res = await send(`${proxy.url}/strict`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(7 * MB, 1) });
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'STRANGLER_REQUEST_TOO_LARGE' } });
    const chunkedRes = await chunked(`${proxy.url}/strict`, 7 * MB);
    expect(chunkedRes.status).toBe(413);
    expect(bench.monolith.requests.length).toBe(before);
  });

  it('answers 413 in complete, whatever fallback says', async () => {
    const res = await send(`${proxy.url}/done`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(7 * MB, 1) });
    expect(res.status).toBe(413);
  });
});
