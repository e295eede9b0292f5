import { Agent, request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_PAYLOAD_LIMIT } from '../../../proxy/targets/index.js';
import { closedPort, countBody, deferred, testPlan, useProxy, useUpstream, waitFor, type RunningProxy, type Upstream } from '../../helpers/index.js';

// A chunked upload only tells its size while it is read. Past Lambda's limit the proxy stops buffering: a route that
// may fall back gets the part read followed by the rest of the client's stream (memory bounded by the limit), a
// route that may not gets 413 at once. The memory bound itself, on 1 GiB, is test/reliability/chunked-body-memory.
const OVER = Buffer.alloc(SYNC_PAYLOAD_LIMIT + 1024 * 1024, 0x62);

/** What the stand-in monolith does with a request; set per test. */
let onRequest: (req: IncomingMessage, res: import('node:http').ServerResponse) => void;
const startUpstream = useUpstream('all');
const startProxy = useProxy('all');
let mono: Upstream;
let proxy: RunningProxy;
const clients: ClientRequest[] = [];

beforeAll(async () => {
  mono = await startUpstream((req, res) => onRequest(req, res));
  // The function is never invoked (the body does not fit in an event): an endpoint nobody listens on will do.
  proxy = await startProxy(
    testPlan({
      monolith: { url: mono.url },
      lambda: { endpoint: `http://127.0.0.1:${await closedPort()}` },
      routes: [
        { id: 'reads', match: { path: '/reads' }, function: { name: 'reads' }, stage: 'live' },
        { id: 'writes', match: { path: '/writes' }, function: { name: 'writes' }, stage: 'live', fallback: { idempotencyKey: true } },
        { id: 'strict', match: { path: '/strict' }, function: { name: 'strict' }, stage: 'live' },
      ],
    }),
  );
});
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

/** Answers with what it received: `{ method, bytes, sha256, idempotencyKey }`. */
function countingMonolith(onBytes?: (n: number, req: IncomingMessage) => void): typeof onRequest {
  return (req, res) => {
    let n = 0;
    if (onBytes !== undefined) req.on('data', (c: Buffer) => onBytes((n += c.length), req));
    void countBody(req).then(
      (r) =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ method: req.method, ...r, idempotencyKey: req.headers['idempotency-key'] ?? null })),
      () => {},
    );
  };
}

/** Starts a chunked upload (no Content-Length, `transfer-encoding: chunked` even on GET) and returns its parts. */
function upload(path: string, method: string, headers: OutgoingHttpHeaders = {}, agent: Agent | false = false) {
  const response = deferred<IncomingMessage>();
  const socket = deferred<Socket>();
  const req = httpRequest(`${proxy.url}${path}`, { method, agent, headers: { 'transfer-encoding': 'chunked', ...headers } }, response.resolve);
  req.on('error', () => {});
  req.once('socket', socket.resolve);
  clients.push(req);
  return { req, response: response.promise, socket: socket.promise };
}

/**
 * Sends more than the limit without ending the upload and waits for the answer: a proxy that waited for the whole
 * body would never give one (the test times out). The caller ends the upload.
 */
async function answeredMidUpload(path: string, method: string, agent: Agent) {
  const { req, response, socket } = upload(path, method, {}, agent);
  req.write(OVER);
  const res = await response;
  return { req, res, body: JSON.parse(await text(res)) as unknown, socket: await socket };
}

/** A small request through `agent` (one socket) goes over `socket` and is answered by the monolith. */
async function expectNextOnSameConnection(agent: Agent, socket: Socket): Promise<void> {
  const next = upload('/reads', 'GET', {}, agent);
  next.req.end('small');
  const res = await next.response;
  expect(res.statusCode).toBe(200);
  expect(await next.socket).toBe(socket);
  expect(JSON.parse(await text(res))).toMatchObject({ bytes: 5 });
}

async function text(res: IncomingMessage): Promise<string> {
  let out = '';
  for await (const c of res) out += String(c);
  return out;
}

describe.each([
  { method: 'GET', path: '/reads', headers: {} },
  { method: 'PUT', path: '/writes', headers: { 'idempotency-key': 'k-1' } },
])('a chunked $method past the limit on a route that falls back', ({ method, path, headers }) => {
  it('reaches the monolith before the client sent the rest, and whole', async () => {
    // Prepare: the monolith signals once it holds more than the Lambda limit.
    const pastLimit = deferred();
    onRequest = countingMonolith((n) => n > SYNC_PAYLOAD_LIMIT && pastLimit.resolve());
    // Act: more than the limit, then wait; a proxy that buffers the whole body would never forward it (timeout).
    const { req, response } = upload(path, method, headers);
    req.write(OVER);
    await pastLimit.promise;
    req.end('tail');
    const res = await response;
    // Assert: the monolith's answer, with every byte.
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-strangler-served-by']).toBe('monolith');
    expect(res.headers['x-strangler-fallback']).toBe('STRANGLER_REQUEST_TOO_LARGE');
    expect(JSON.parse(await text(res))).toMatchObject({ method, bytes: OVER.length + 4, idempotencyKey: headers['idempotency-key'] ?? null });
  });
});

describe('a chunked upload past the limit that ends badly', () => {
  it('client stops mid-body: the monolith request is aborted, the line says 499, nothing stays in flight', async () => {
    const pastLimit = deferred();
    const monolithAborted = deferred();
    onRequest = (req) => {
      let n = 0;
      req.on('data', (c: Buffer) => (n += c.length) > SYNC_PAYLOAD_LIMIT && pastLimit.resolve());
      req.on('close', () => !req.complete && monolithAborted.resolve());
    };
    const { req } = upload('/reads', 'GET');
    req.write(OVER);
    await pastLimit.promise;
    req.destroy();

    await monolithAborted.promise;
    const line = await proxy.logs.waitFor((l) => l.msg === 'request' && l.path === '/reads' && l.status === 499);
    expect(line).toMatchObject({ aborted: true, servedBy: 'monolith', fallback: 'STRANGLER_REQUEST_TOO_LARGE' });
    await waitFor(async () => (await (await fetch(`${proxy.adminUrl}/metrics`)).text()).includes('strangler_in_flight_requests 0'), {
      what: 'no request in flight',
    });
  });

  it('monolith fails mid-body: the client gets 502 STRANGLER_MONOLITH_UNAVAILABLE and can send its next request', async () => {
    onRequest = countingMonolith((n, req) => n > SYNC_PAYLOAD_LIMIT && req.socket.destroy());
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const { req, res, body, socket } = await answeredMidUpload('/reads', 'GET', agent);
      expect(res.statusCode).toBe(502);
      expect(res.headers['x-strangler-fallback']).toBe('STRANGLER_REQUEST_TOO_LARGE');
      expect(body).toMatchObject({ error: { code: 'STRANGLER_MONOLITH_UNAVAILABLE' } });
      req.end(OVER);
      const line = await proxy.logs.waitFor((l) => l.msg === 'request' && l.path === '/reads' && l.status === 502);
      expect(line).toMatchObject({ errorCode: 'STRANGLER_MONOLITH_UNAVAILABLE', fallback: 'STRANGLER_REQUEST_TOO_LARGE' });

      // The proxy read and dropped the rest of the upload: the same connection carries the next request.
      onRequest = countingMonolith();
      await expectNextOnSameConnection(agent, socket);
    } finally {
      agent.destroy();
    }
  });
});

describe('a chunked upload past the limit on a route that cannot fall back', () => {
  it('gets 413 STRANGLER_REQUEST_TOO_LARGE before it ends; the monolith gets nothing; the connection stays usable', async () => {
    const seen = mono.requests.length;
    onRequest = countingMonolith();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const { req, res, body, socket } = await answeredMidUpload('/strict', 'POST', agent);
      expect(res.statusCode).toBe(413);
      expect(body).toMatchObject({ error: { code: 'STRANGLER_REQUEST_TOO_LARGE' } });
      req.end(OVER);

      await expectNextOnSameConnection(agent, socket);
      expect(mono.requests.slice(seen).map((r) => r.url)).toEqual(['/reads']);
    } finally {
      agent.destroy();
    }
  });
});
