import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { startProxy, startUpstream, testPlan, type RunningProxy, type Upstream } from '../../helpers/index.js';

/** What a function cannot answer as such (a WebSocket, Server-Sent Events, a body of unknown length) shows in the inventory. */
describe('the inventory counts upgrades, SSE and streamed responses per template', () => {
  let mono: Upstream | undefined;
  let wss: WebSocketServer | undefined;
  let running: RunningProxy | undefined;

  afterEach(async () => {
    await running?.close();
    wss?.close();
    await mono?.close();
  });

  it('a WebSocket upgrade, an SSE stream and a chunked download, each under its template', async () => {
    mono = await startUpstream((req, res) => {
      if (req.url?.startsWith('/events')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: 1\n\n');
        return void res.end('data: 2\n\n');
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('part 1');
      res.end('part 2');
    });
    wss = new WebSocketServer({ server: mono.server, path: '/ws/room/42' });
    wss.on('connection', (socket) => socket.send('hi'));
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));

    const client = new WebSocket(`${running.url.replace(/^http/, 'ws')}/ws/room/42`);
    await new Promise<void>((resolve, reject) => {
      client.once('message', () => resolve());
      client.once('error', reject);
    });
    client.close();
    expect(await (await fetch(`${running.url}/events/7`)).text()).toBe('data: 1\n\ndata: 2\n\n');
    expect(await (await fetch(`${running.url}/download/7`)).text()).toBe('part 1part 2');

    const body = (await (await fetch(`${running.adminUrl}/traffic`)).json()) as any;
    const rows = Object.fromEntries(
      body.unmatched.templates.map((t: any) => [
        t.template,
        { requests: t.requests, streaming: t.streaming, sse: t.sse, upgrades: t.upgrades, s1xx: t.status['1xx'] },
      ]),
    );
    expect(rows).toEqual({
      'GET /ws/room/:param': { requests: 1, streaming: 0, sse: 0, upgrades: 1, s1xx: 1 },
      'GET /events/:param': { requests: 1, streaming: 1, sse: 1, upgrades: 0, s1xx: 0 },
      'GET /download/:param': { requests: 1, streaming: 1, sse: 0, upgrades: 0, s1xx: 0 },
    });
  });
});
