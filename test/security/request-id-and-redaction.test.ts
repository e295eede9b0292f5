import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, testPlan, waitFor } from '../helpers/index.js';
import { startLambdaProxy, type LambdaProxy } from '../helpers/lambda-proxy.js';

/**
 * Guards: one request id everywhere. A client's `x-request-id` over the limit used to be replaced for the monolith
 * and the logs but reach the Lambda event unchanged. And credential headers beyond Authorization and Cookie
 * (`x-api-key`, `x-auth-token`, `x-amz-security-token`) are redacted in logs and in stored shadow samples.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CREDENTIALS = { 'x-api-key': 'key-s3cr3t', 'x-auth-token': 'tok-s3cr3t', 'x-amz-security-token': 'sts-s3cr3t' };

interface Echo {
  headers: Record<string, string>;
  requestId: string;
}

let sys: LambdaProxy;
let url: string;
let adminUrl: string;

beforeAll(async () => {
  sys = await startLambdaProxy({
    functions: [{ name: 'routing', handler: 'routing.handler', timeout: 5 }],
    // The monolith answers JSON the function never answers: every live shadow comparison is a mismatch, so samples are stored.
    monolith: (req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ from: 'monolith' })));
    },
    plan: ({ monolith, lambda }) =>
      testPlan({
        monolith: { url: monolith },
        lambda: { endpoint: lambda },
        server: { logLevel: 'debug' },
        shadow: { store: { path: ':memory:', flushIntervalMs: 50 } },
        routes: [
          { id: 'legacy', match: { path: '/legacy' }, function: { name: 'routing' }, stage: 'off' },
          { id: 'items', match: { path: '/items/:id' }, function: { name: 'routing' }, stage: 'live' },
        ],
      }),
  });
  ({ url, adminUrl } = sys);
});
afterAll(async () => {
  await sys?.close();
});

describe('one request id everywhere', () => {
  it('an over-long client id is replaced, and the Lambda event carries the replacement, as the response and the log do', async () => {
    const res = await send(`${url}/items/1`, { headers: { 'x-request-id': 'r'.repeat(3000) } });
    expect(res.status).toBe(200);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    const echo = res.json<Echo>();
    expect(echo.headers['x-request-id']).toBe(id);
    expect(echo.requestId).toBe(id);
    const line = await sys.logs.waitFor((l) => l.msg === 'request' && l.requestId === id);
    expect(line.path).toBe('/items/1');
  });

  it('the monolith gets the same replacement', async () => {
    const res = await send(`${url}/legacy`, { headers: { 'x-request-id': 'has spaces so is invalid' } });
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    expect(sys.mono.requests.at(-1)!.headers['x-request-id']).toBe(id);
    await sys.logs.waitFor((l) => l.msg === 'request' && l.requestId === id && l.path === '/legacy');
  });

  it('without a client id, the generated one reaches the event headers too', async () => {
    const res = await send(`${url}/items/2`);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    expect(res.json<Echo>().headers['x-request-id']).toBe(id);
  });

  it('a valid client id is kept on every side (positive control)', async () => {
    const res = await send(`${url}/items/3`, { headers: { 'x-request-id': 'client-id-3' } });
    expect(res.headers['x-request-id']).toBe('client-id-3');
    const echo = res.json<Echo>();
    expect(echo.headers['x-request-id']).toBe('client-id-3');
    expect(echo.requestId).toBe('client-id-3');
  });
});

describe('credential headers are redacted', () => {
  it('in the debug request log', async () => {
    await send(`${url}/legacy`, { headers: { ...CREDENTIALS, 'x-request-id': 'redact-log', accept: 'text/plain' } });
    const line = await sys.logs.waitFor((l) => l.msg === 'request' && l.requestId === 'redact-log');
    const headers = (line.req as { headers: Record<string, string> }).headers;
    expect(headers).toMatchObject({ 'x-api-key': '[Redacted]', 'x-auth-token': '[Redacted]', 'x-amz-security-token': '[Redacted]' });
    // Positive control: other headers are logged as sent.
    expect(headers.accept).toBe('text/plain');
    // The monolith still got the real values: redaction is for logs only.
    expect(sys.mono.requests.at(-1)!.headers['x-api-key']).toBe('key-s3cr3t');
  });

  it('in stored shadow samples', async () => {
    // The function answers `{"status":201}` (not an echo of the request), so the sample's only copy of the headers is its own.
    await send(`${url}/items/9?action=status&code=201`, { headers: { ...CREDENTIALS, 'x-request-id': 'redact-sample', accept: 'application/json' } });
    type Report = { routes: Array<{ route: string; samples: Array<{ requestId?: string; headers: Record<string, string> }> }> };
    const sample = await waitFor(
      async () => {
        const report = (await (await fetch(`${adminUrl}/shadow/report?route=items&samples=50`)).json()) as Report;
        return report.routes[0]?.samples.find((s) => s.headers['x-request-id'] === 'redact-sample');
      },
      { what: 'the stored sample of the shadowed request', timeoutMs: 10_000 },
    );
    expect(sample.headers).toMatchObject({ 'x-api-key': '[REDACTED]', 'x-auth-token': '[REDACTED]', 'x-amz-security-token': '[REDACTED]' });
    expect(sample.headers.accept).toBe('application/json');
    expect(JSON.stringify(sample)).not.toMatch(/s3cr3t/);
  });
});
