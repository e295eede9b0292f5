import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, type RunningProxy } from '../../helpers/index.js';
import { startLambdaBench, type LambdaBench } from './helpers.js';

// A request through the proxy reaches the function as API Gateway would build the event, and the function's result
// reaches the client as API Gateway would send it: for both payload formats.
let bench: LambdaBench;
beforeAll(async () => {
  bench = await startLambdaBench();
});
afterAll(async () => {
  await bench?.close();
});

interface Echo {
  version: string;
  method: string;
  path: string;
  rawQueryString?: string;
  queryStringParameters?: Record<string, string> | null;
  multiValueQueryStringParameters?: Record<string, string[]> | null;
  pathParameters?: Record<string, string> | null;
  routeKey: string;
  headers: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  cookies?: string[];
  body?: string | null;
  isBase64Encoded: boolean;
  requestId: string;
}

describe.each(['2.0', '1.0'] as const)('payload format %s', (format) => {
  let proxy: RunningProxy;
  beforeAll(async () => {
    proxy = await bench.proxy([
      { id: 'items', match: { path: '/items/:id' }, function: { name: 'routing' }, stage: 'live', payloadFormat: format },
      { id: 'files', match: { path: '/files/*' }, function: { name: 'routing' }, stage: 'live', payloadFormat: format },
    ]);
  });

  it('builds the event from the request: path, query, headers, cookies, path parameters, route key, request id', async () => {
    const res = await send(`${proxy.url}/items/caf%C3%A9?tag=a&tag=b&q=x%20y`, {
      headers: { 'x-multi': ['one', 'two'], cookie: 'a=1; b=2', 'x-request-id': 'req-rt-1' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
    expect(res.headers['x-served-by']).toBe('lambda');
    const echo = res.json<Echo>();
    expect(echo.method).toBe('GET');
    expect(echo.path).toBe('/items/caf%C3%A9');
    expect(echo.requestId).toBe('req-rt-1');
    expect(echo.routeKey).toBe(format === '2.0' ? 'ANY /items/{id}' : '/items/{id}');
    expect(echo.pathParameters).toEqual({ id: 'café' });
    if (format === '2.0') {
      expect(echo.rawQueryString).toBe('tag=a&tag=b&q=x%20y');
      expect(echo.queryStringParameters).toEqual({ tag: 'a,b', q: 'x y' });
      expect(echo.headers['x-multi']).toBe('one,two');
      expect(echo.cookies).toEqual(['a=1', 'b=2']);
    } else {
      expect(echo.multiValueQueryStringParameters).toEqual({ tag: ['a', 'b'], q: ['x y'] });
      expect(echo.queryStringParameters).toEqual({ tag: 'b', q: 'x y' });
      expect(echo.multiValueHeaders?.['x-multi']).toEqual(['one', 'two']);
    }
    expect(bench.monolith.requests).toHaveLength(0);
  });

  it('passes a binary request body as base64 and a text body as text', async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const bin = await send(`${proxy.url}/items/1`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    const binEcho = bin.json<Echo>();
    expect(binEcho.isBase64Encoded).toBe(true);
    expect(Buffer.from(binEcho.body!, 'base64').equals(bytes)).toBe(true);
    const text = await send(`${proxy.url}/items/1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"ü":1}' });
    const textEcho = text.json<Echo>();
    expect(textEcho.isBase64Encoded).toBe(false);
    expect(textEcho.body).toBe('{"ü":1}');
  });

  it('greedy paths become {proxy+}', async () => {
    const echo = (await send(`${proxy.url}/files/a/b/c.txt`)).json<Echo>();
    expect(echo.pathParameters).toEqual({ proxy: 'a/b/c.txt' });
  });

  it('sends a binary result as bytes', async () => {
    const res = await send(`${proxy.url}/items/1?action=binary`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.body.equals(Buffer.from(Array.from({ length: 256 }, (_, i) => i)))).toBe(true);
    expect(res.headers['content-length']).toBe('256');
  });

  it('sends each cookie as its own set-cookie header', async () => {
    const res = await send(`${proxy.url}/items/1?action=cookies`);
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly', 'c=3']);
    expect(res.text).toBe('cookies');
  });

  it('HEAD keeps the headers and sends no body', async () => {
    const res = await send(`${proxy.url}/items/1`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-served-by']).toBe('lambda');
  });

  it.each([204, 304])('%i has no body', async (code) => {
    const res = await send(`${proxy.url}/items/1?action=empty&code=${code}`);
    expect(res.status).toBe(code);
    expect(res.body.length).toBe(0);
    expect(res.headers.etag).toBe('"v1"');
  });
});
