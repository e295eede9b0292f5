import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw, startProxy, startUpstream, testPlan, type RunningProxy, type Upstream } from '../helpers/index.js';
import { metricValue } from '../helpers/lambda-proxy.js';

/**
 * Guards: every answer the proxy produces itself (not the monolith's, not a function's) has the documented
 * `{"error":{"code","message"}}` body and code, a `request` log line (parsed JSON, level warn, `errorCode`) and a
 * count in `strangler_rejected_requests_total` — never fastify's or node's own shapes, never silent. Two Host
 * fields are a 400 (RFC 9112 §3.2), not a request served with `host: "a,b"`.
 */
let mono: Upstream;
let running: RunningProxy;

beforeAll(async () => {
  mono = await startUpstream();
  running = await startProxy(testPlan({ monolith: { url: mono.url } }));
});
afterAll(async () => {
  await running?.close();
  await mono?.close();
});

const rejectedCount = (code: string): Promise<number> => metricValue(running.adminUrl, 'strangler_rejected_requests_total', `code="${code}"`);

const cases: Array<{ name: string; bytes: string; status: number; code: string; method: string | null; path: string | null }> = [
  {
    name: 'bad percent-encoding in the path',
    bytes: 'GET /products/%zz?q=secret HTTP/1.1\r\nHost: shop\r\nX-Request-Id: bad-url-1\r\n\r\n',
    status: 400,
    code: 'STRANGLER_PATH_INVALID',
    method: 'GET',
    path: '/products/%zz',
  },
  {
    name: 'a malformed header line (node parser rejection)',
    bytes: 'GET /products HTTP/1.1\r\nHost: shop\r\nBad Header: x\r\n\r\n',
    status: 400,
    code: 'STRANGLER_BAD_REQUEST',
    method: null,
    path: null,
  },
  {
    name: 'a request head over node’s maxHeaderSize',
    bytes: `GET /products HTTP/1.1\r\nHost: shop\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    status: 431,
    code: 'STRANGLER_HEADERS_TOO_LARGE',
    method: null,
    path: null,
  },
  {
    name: 'two Host header fields',
    bytes: 'GET /products HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\nX-Request-Id: two-hosts\r\n\r\n',
    status: 400,
    code: 'STRANGLER_BAD_HOST',
    method: 'GET',
    path: '/products',
  },
  {
    name: 'an HTTP/1.1 request without Host',
    bytes: 'GET /products HTTP/1.1\r\nX-Request-Id: no-host\r\n\r\n',
    status: 400,
    code: 'STRANGLER_BAD_HOST',
    method: 'GET',
    path: '/products',
  },
];

describe('answers the proxy produces itself', () => {
  it.each(cases)('$name → $status $code, logged and counted, the monolith never called', async ({ bytes, status, code, method, path }) => {
    // prepare
    const before = await rejectedCount(code);
    const seen = mono.requests.length;
    // act
    const reply = await sendRaw(running.url, bytes);
    // assert: the answer
    expect(reply.status).toBe(status);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(reply.headers.connection).toBe('close');
    const body = JSON.parse(reply.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toEqual(expect.any(String));
    const requestId = reply.headers['x-request-id'];
    expect(requestId).toEqual(expect.any(String));
    // the log line, as parsed JSON
    const line = await running.logs.waitFor((l) => l.msg === 'request' && l.requestId === requestId);
    expect(line).toMatchObject({ level: 40, status, errorCode: code, method, path, routeId: null, servedBy: null });
    // the metric
    expect(await rejectedCount(code)).toBe(before + 1);
    expect(mono.requests.length).toBe(seen);
  });

  it('keeps the id a client gave when it is valid', async () => {
    const reply = await sendRaw(running.url, 'GET /products HTTP/1.1\r\nHost: a\r\nHost: b\r\nX-Request-Id: two-hosts-2\r\n\r\n');
    expect(reply.headers['x-request-id']).toBe('two-hosts-2');
  });

  it('a well-formed request on the same proxy still reaches the monolith (positive control)', async () => {
    const seen = mono.requests.length;
    const reply = await sendRaw(running.url, 'GET /products HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n');
    expect(reply.status).toBe(200);
    expect(mono.requests.length).toBe(seen + 1);
    expect(mono.requests.at(-1)!.headers.host).toBe('shop');
  });
});
