import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isRetryable } from '../../../proxy/forward/retry.js';
import { send, startProxy, startUpstream, testPlan, type RunningProxy, type Upstream } from '../../helpers/index.js';

/**
 * The one retry towards the monolith: a pooled connection the monolith drops under a request (its keep-alive
 * timeout racing the proxy's reuse) is replayed once on a new connection, only when replaying cannot repeat an
 * effect (idempotent method, no body).
 */
describe('retry of a request whose pooled connection was dropped', () => {
  let mono: Upstream | undefined;
  let running: RunningProxy | undefined;

  afterEach(async () => {
    await running?.close();
    running = undefined;
    await mono?.close();
    mono = undefined;
  });

  /** A monolith that answers the first request on each connection and drops the connection under the second. */
  async function droppingMonolith(): Promise<{ mono: Upstream; connections: () => number }> {
    const served = new WeakMap<Socket, number>();
    let connections = 0;
    const upstream = await startUpstream((req, res) => {
      const socket = req.socket;
      const n = (served.get(socket) ?? 0) + 1;
      served.set(socket, n);
      if (n === 1) connections++;
      if (n > 1) {
        socket.destroy();
        return;
      }
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end(`ok ${req.method} ${req.url}`));
    });
    return { mono: upstream, connections: () => connections };
  }

  it('replays a GET once on a new connection: the client gets the answer', async () => {
    const dropping = await droppingMonolith();
    mono = dropping.mono;
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    expect((await send(`${running.url}/first`)).text).toBe('ok GET /first');
    const res = await send(`${running.url}/second`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('ok GET /second');
    // The dropped attempt and the replay: two connections, /second seen twice (once unanswered).
    expect(dropping.connections()).toBe(2);
    expect(mono.requests.map((r) => r.url)).toEqual(['/first', '/second', '/second']);
  });

  it('never replays a POST with a body: the client gets 502 STRANGLER_MONOLITH_UNAVAILABLE', async () => {
    const dropping = await droppingMonolith();
    mono = dropping.mono;
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    expect((await send(`${running.url}/first`)).status).toBe(200);
    const res = await send(`${running.url}/order`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sku":"A"}' });
    expect(res.status).toBe(502);
    expect(res.json()).toMatchObject({ error: { code: 'STRANGLER_MONOLITH_UNAVAILABLE' } });
    expect(mono.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /first', 'POST /order']);
    const line = await running.logs.waitFor((l) => l.msg === 'request' && l.path === '/order');
    expect(line).toMatchObject({ status: 502, errorCode: 'STRANGLER_MONOLITH_UNAVAILABLE' });
  });

  it('replays at most once: a monolith that drops every request gives 502 after two attempts', async () => {
    mono = await startUpstream((req) => req.socket.destroy());
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    const res = await send(`${running.url}/always`);
    expect(res.status).toBe(502);
    expect(mono.requests.map((r) => r.url)).toEqual(['/always', '/always']);
  });
});

describe('isRetryable (pure)', () => {
  const dropped = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
  it('allows idempotent requests without a body whose connection dropped', () => {
    expect(isRetryable('GET', {}, dropped)).toBe(true);
    expect(isRetryable('DELETE', { 'content-length': '0' }, Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
  });
  it('refuses non-idempotent methods, bodies and other failures', () => {
    expect(isRetryable('POST', {}, dropped)).toBe(false);
    expect(isRetryable('PUT', { 'content-length': '3' }, dropped)).toBe(false);
    expect(isRetryable('GET', { 'transfer-encoding': 'chunked' }, dropped)).toBe(false);
    expect(isRetryable('GET', {}, Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(false);
  });
});
