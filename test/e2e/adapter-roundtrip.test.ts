import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, testPlan, useProxy, useUpstream, type RawResponse, type RunningProxy, type Upstream } from '../helpers/index.js';
import { useLambdaService, type RunningLambdaService } from '../helpers/lambda-service.js';
// @ts-expect-error: a plain JavaScript fixture (it is what the local Lambda service runs too)
import { app, expressApp } from '../fixtures/functions/adapter-app.mjs';

// The shared event contract end to end (issues 4 and 7): client → proxy → API Gateway event → Lambda (local
// service) → adapter (fromNodeHandler / fromExpress) → the app. The app sees the same method, path, query, headers
// and body as when called directly, and the client gets the same status, headers and bytes back.
const startLambda = useLambdaService('all');
const startUpstream = useUpstream('all');
const startProxy = useProxy('all');
let lambda: RunningLambdaService;
/** The same app served directly: the plain Node handler, and the Express app around it. */
const direct = new Map<string, { server: Server; url: string }>();
let monolith: Upstream;
const proxies = new Map<string, RunningProxy>();

beforeAll(async () => {
  lambda = await startLambda([
    { name: 'adapter-node', handler: 'adapter-app.handler' },
    { name: 'adapter-express', handler: 'adapter-app.expressHandler' },
  ]);
  for (const [fn, listener] of [
    ['adapter-node', app],
    ['adapter-express', expressApp],
  ] as const) {
    const server = createServer(listener as Parameters<typeof createServer>[1]);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    direct.set(fn, { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  }
  monolith = await startUpstream((_req, res) => res.writeHead(500).end('the monolith must not answer'));
  for (const fn of ['adapter-node', 'adapter-express']) {
    for (const format of ['2.0', '1.0'] as const) {
      const running = await startProxy(
        testPlan({
          monolith: { url: monolith.url },
          lambda: { endpoint: lambda.endpoint },
          routes: [{ id: 'app', match: { path: '/*' }, function: { name: fn }, stage: 'complete', payloadFormat: format }],
        }),
      );
      proxies.set(`${fn} ${format}`, running);
    }
  }
});
afterAll(async () => {
  for (const { server } of direct.values()) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The response as the client sees it, without what differs by connection or by design (date, proxy headers). */
function visible(res: RawResponse): { status: number; headers: Record<string, unknown>; body: string } {
  const headers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (['date', 'connection', 'keep-alive', 'x-request-id', 'transfer-encoding'].includes(name) || name.startsWith('x-strangler-')) continue;
    headers[name] = value;
  }
  // Framing is the transport's: a direct Node server may stream chunked where a Lambda answer has a length.
  if (res.headers['transfer-encoding'] === 'chunked') delete headers['content-length'];
  return { status: res.status, headers, body: res.body.toString('base64') };
}

const requests: Array<{ name: string; path: string; method?: string; headers?: Record<string, string | string[]>; body?: Buffer | string }> = [
  { name: 'GET with repeated query keys and a unicode path', path: '/caf%C3%A9/%E2%9C%93?q=1&q=2&space=a%20b&plus=a+b' },
  {
    name: 'headers: repeated, cookies, custom',
    path: '/h',
    headers: { 'x-multi': ['one', 'two'], cookie: 'a=1; b=2', 'x-custom': 'Ünïcode-free value', accept: 'application/json' },
  },
  { name: 'POST JSON', path: '/orders', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"item":"ü","n":1}' },
  {
    name: 'PUT binary',
    path: '/upload',
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256)),
  },
  { name: 'binary response', path: '/binary' },
  { name: 'HEAD', path: '/head?x=1', method: 'HEAD' },
  { name: '201', path: '/created?status=201', method: 'POST', body: 'x' },
  { name: '204', path: '/empty?status=204', method: 'DELETE' },
  { name: '304', path: '/cached?status=304' },
];

describe.each(['adapter-node 2.0', 'adapter-node 1.0', 'adapter-express 2.0', 'adapter-express 1.0'])('%s', (key) => {
  it.each(requests)('$name: same request seen, same response returned', async ({ path, method, headers, body }) => {
    const options = { method: method ?? 'GET', headers: { ...headers }, ...(body !== undefined ? { body } : {}) };
    const viaLambda = await send(`${proxies.get(key)!.url}${path}`, options);
    const directly = await send(`${direct.get(key.split(' ')[0]!)!.url}${path}`, options);
    expect(viaLambda.headers['x-strangler-served-by']).toBe('lambda');
    const lambdaSide = visible(viaLambda);
    const directSide = visible(directly);
    if (directly.headers['transfer-encoding'] === 'chunked') delete lambdaSide.headers['content-length'];
    expect(lambdaSide).toEqual(directSide);
  });
});
