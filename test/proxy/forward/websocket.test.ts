import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { closedPort, route, send, startProxy, startUpstream, testPlan, type RunningProxy, type Upstream } from '../../helpers/index.js';

function wsUrl(httpUrl: string, path: string): string {
  return `${httpUrl.replace(/^http/, 'ws')}${path}`;
}

describe('WebSocket upgrades', () => {
  let mono: Upstream | undefined;
  let wss: WebSocketServer | undefined;
  let running: RunningProxy | undefined;
  const clients: WebSocket[] = [];

  afterEach(async () => {
    for (const c of clients) {
      // terminate() on a socket whose handshake was refused emits an 'error'
      // event; swallow it here, the test already asserted what it needed.
      c.on('error', () => undefined);
      if (c.readyState !== WebSocket.CLOSED) c.terminate();
    }
    clients.length = 0;
    await running?.close();
    running = undefined;
    wss?.close();
    await mono?.close();
    mono = undefined;
  });

  async function echoMonolith(): Promise<Upstream> {
    mono = await startUpstream((_req, res) => res.end('plain http'));
    wss = new WebSocketServer({ server: mono.server, path: '/ws' });
    wss.on('connection', (socket, req) => {
      socket.send(`hello ${req.headers['x-forwarded-for']} ${req.headers['x-request-id']}`);
      socket.on('message', (data) => socket.send(`echo:${String(data)}`));
    });
    return mono;
  }

  it('echoes messages through the proxy, with the proxy’s headers on the handshake', async () => {
    await echoMonolith();
    running = await startProxy(testPlan({ monolith: { url: mono!.url }, routes: [route('live', '/ws', ['GET'])] }));
    const client = new WebSocket(wsUrl(running.url, '/ws'), { headers: { 'x-request-id': 'ws-1' } });
    clients.push(client);
    const upgrade = new Promise<Record<string, unknown>>((resolve) => client.once('upgrade', (res) => resolve(res.headers)));
    const messages: string[] = [];
    const got = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (messages.length >= n ? resolve() : client.once('message', (d) => (messages.push(String(d)), check())));
        check();
      });
    await got(1);
    client.send('ping');
    await got(2);
    expect(messages).toEqual(['hello 127.0.0.1 ws-1', 'echo:ping']);
    const headers = await upgrade;
    expect(headers['x-request-id']).toBe('ws-1');
    expect(headers['x-strangler-route']).toBe('live');
    expect(headers['x-strangler-served-by']).toBe('monolith');
    const line = await running.logs.waitFor((l) => l.msg === 'request' && l.upgrade === 'websocket');
    expect(line).toMatchObject({ status: 101, routeId: 'live', requestId: 'ws-1', servedBy: 'monolith' });
  });

  it('passes the monolith’s refusal of a handshake to the client', async () => {
    mono = await startUpstream((_req, res) => res.writeHead(403, { 'content-type': 'text/plain' }).end('no sockets here'));
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    const client = new WebSocket(wsUrl(running.url, '/ws'));
    clients.push(client);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve) =>
      client.once('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      }),
    );
    expect(status).toBe(403);
    expect(body).toBe('no sockets here');
  });

  it('answers a handshake with 502 STRANGLER_MONOLITH_UNAVAILABLE when the monolith is down', async () => {
    running = await startProxy(testPlan({ monolith: { url: `http://127.0.0.1:${await closedPort()}` } }));
    const client = new WebSocket(wsUrl(running.url, '/ws'));
    clients.push(client);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve) =>
      client.once('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      }),
    );
    expect(status).toBe(502);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'STRANGLER_MONOLITH_UNAVAILABLE' } });
  });

  it('answers an h2c upgrade offer (curl --http2 on http://) as a normal request', async () => {
    await echoMonolith();
    running = await startProxy(testPlan({ monolith: { url: mono!.url } }));
    const res = await send(`${running.url}/page`, {
      headers: { connection: 'Upgrade, HTTP2-Settings', upgrade: 'h2c', 'http2-settings': 'AAMAAABkAAQCAAAAAAIAAAAA' },
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('plain http');
    expect(mono!.requests.at(-1)?.headers.upgrade).toBeUndefined();
  });

  it('refuses a non-WebSocket upgrade carrying a body with 400 STRANGLER_UPGRADE_UNSUPPORTED', async () => {
    await echoMonolith();
    running = await startProxy(testPlan({ monolith: { url: mono!.url } }));
    const { port } = new URL(running.url);
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('POST /x HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nContent-Length: 3\r\n\r\nabc'),
      );
      let out = '';
      socket.on('data', (c) => (out += c.toString()));
      socket.on('close', () => resolve(out));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toContain('STRANGLER_UPGRADE_UNSUPPORTED');
  });
});
