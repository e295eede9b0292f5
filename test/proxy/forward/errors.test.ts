import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closedPort, deferred, route, send, startProxy, startUpstream, testPlan, waitFor, type RunningProxy, type Upstream } from '../../helpers/index.js';

/** Answers to failures: stable codes in a JSON body, fastify's/node's normal 4xx for bad input, never a crash. */
describe('forwarding failures', () => {
  let mono: Upstream | undefined;
  let running: RunningProxy | undefined;
  let release = deferred();

  beforeEach(() => {
    release = deferred();
  });

  afterEach(async () => {
    release.resolve();
    await running?.close();
    running = undefined;
    await mono?.close();
    mono = undefined;
  });

  it('answers 502 STRANGLER_MONOLITH_UNAVAILABLE when the monolith is down', async () => {
    const port = await closedPort();
    running = await startProxy(testPlan({ monolith: { url: `http://127.0.0.1:${port}` }, routes: [route('r', '/r')] }));
    const res = await send(`${running.url}/r`, { headers: { 'x-request-id': 'down-1' } });
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({ error: { code: 'STRANGLER_MONOLITH_UNAVAILABLE' } });
    expect(res.headers['x-request-id']).toBe('down-1');
    expect(res.headers['x-strangler-route']).toBe('r');
    const line = await running.logs.waitFor((l) => l.msg === 'request');
    expect(line).toMatchObject({ status: 502, errorCode: 'STRANGLER_MONOLITH_UNAVAILABLE', level: 40 });
  });

  it('answers 504 STRANGLER_MONOLITH_TIMEOUT when the monolith stays silent longer than monolith.timeoutMs', async () => {
    mono = await startUpstream((req) => void release.promise.then(() => req.socket.destroy()));
    running = await startProxy(testPlan({ monolith: { url: mono.url, timeoutMs: 300 } }));
    const res = await send(`${running.url}/slow`);
    expect(res.status).toBe(504);
    expect(res.json()).toMatchObject({ error: { code: 'STRANGLER_MONOLITH_TIMEOUT' } });
  });

  it('times out a request waiting for a pooled connection (all monolith.maxSockets busy)', async () => {
    const first = deferred();
    mono = await startUpstream((req, res) => {
      if (req.url === '/hold') first.resolve();
      // Keep the only connection busy, with traffic so its inactivity timeout never fires.
      const timer = setInterval(() => res.write('.'), 50);
      void release.promise.then(() => {
        clearInterval(timer);
        res.end();
      });
    });
    running = await startProxy(testPlan({ monolith: { url: mono.url, timeoutMs: 400, maxSockets: 1 } }));
    const held = send(`${running.url}/hold`).catch(() => undefined);
    await first.promise;
    const res = await send(`${running.url}/queued`);
    expect(res.status).toBe(504);
    expect(res.json()).toMatchObject({ error: { code: 'STRANGLER_MONOLITH_TIMEOUT' } });
    release.resolve();
    await held;
    // The queued request was dropped, never sent once a connection freed up.
    await new Promise((r) => setTimeout(r, 100));
    expect(mono.requests.map((r) => r.url)).toEqual(['/hold']);
  });

  it('cuts the client connection when the monolith dies mid-response (headers already sent)', async () => {
    mono = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 50);
    });
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    await expect(send(`${running.url}/cut`)).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
    const line = await running.logs.waitFor((l) => l.msg === 'request');
    expect(line.status).toBe(200);
  });

  it('gives malformed requests and oversized headers node’s 4xx, and keeps serving', async () => {
    mono = await startUpstream((_req, res) => res.end('fine'));
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    const { port } = new URL(running.url);
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(text));
        let out = '';
        socket.on('data', (c) => (out += c.toString()));
        socket.on('close', () => resolve(out));
        socket.on('error', reject);
      });
    expect(await raw('GET /x HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw('NOT-A-METHOD\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw(`GET /x HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
    const ok = await send(`${running.url}/still-up`);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('fine');
    await waitFor(() => running!.logs.lines.some((l) => l.path === '/still-up'));
  });
});
