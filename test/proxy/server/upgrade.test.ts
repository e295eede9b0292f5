import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { send, startProxy, startUpstream, testPlan, type RunningProxy, type Upstream } from '../../helpers/index.js';

/** Requests node hands over outside the request pipeline: CONNECT (WebSocket upgrades: test/proxy/forward/websocket.test.ts). */
describe('CONNECT', () => {
  let mono: Upstream | undefined;
  let running: RunningProxy | undefined;

  afterEach(async () => {
    await running?.close();
    running = undefined;
    await mono?.close();
    mono = undefined;
  });

  /** Sends raw bytes and returns everything the proxy answered before it closed the connection. */
  function raw(url: string, bytes: string): Promise<string> {
    const { port } = new URL(url);
    return new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
      let out = '';
      socket.on('data', (c) => (out += c.toString()));
      socket.on('error', reject);
      socket.on('close', () => resolve(out));
    });
  }

  it('answers 405 STRANGLER_CONNECT_UNSUPPORTED with Allow, logs it, and never reaches the monolith', async () => {
    mono = await startUpstream();
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    const reply = await raw(running.url, 'CONNECT bank.example:443 HTTP/1.1\r\nHost: bank.example:443\r\nX-Request-Id: tunnel-1\r\n\r\n');
    const [head, body] = reply.split('\r\n\r\n') as [string, string];
    expect(head).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    const headers = Object.fromEntries(
      head
        .split('\r\n')
        .slice(1)
        .map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 2)]),
    );
    expect(headers.connection).toBe('close');
    expect(headers['x-request-id']).toBe('tunnel-1');
    expect(headers.allow!.split(', ')).toEqual(expect.arrayContaining(['GET', 'POST', 'DELETE']));
    expect(headers.allow).not.toContain('CONNECT');
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'STRANGLER_CONNECT_UNSUPPORTED' } });
    const line = await running.logs.waitFor((l) => l.msg === 'request');
    expect(line).toMatchObject({
      level: 40,
      status: 405,
      method: 'CONNECT',
      path: 'bank.example:443',
      requestId: 'tunnel-1',
      errorCode: 'STRANGLER_CONNECT_UNSUPPORTED',
    });
    // The proxy keeps serving, and the monolith saw no tunnel request.
    expect((await send(`${running.url}/after`)).status).toBe(200);
    expect(mono.requests.map((r) => r.method)).toEqual(['GET']);
  });
});
