import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ShadowRunner, type ShadowResultEvent } from '../../../../proxy/shadow/runner/index.js';
import type { ShadowStore } from '../../../../proxy/shadow/store/index.js';
import { json, memoryStore, shadowRoute, slowCall } from './helpers.js';

describe('the client is answered before the shadow completes', () => {
  let server: Server | undefined;
  let store: ShadowStore | undefined;
  let runner: ShadowRunner | undefined;
  afterEach(async () => {
    await runner?.close();
    store?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
  });

  it('submitting before res.end() still sends the response first (the shadow sleeps 1 s)', async () => {
    // prepare: a server that hands every request to the runner, then answers
    const order: string[] = [];
    store = memoryStore();
    let finished!: (e: ShadowResultEvent) => void;
    const shadowDone = new Promise<ShadowResultEvent>((r) => (finished = r));
    runner = new ShadowRunner({
      store,
      maxConcurrent: 4,
      onResult: (e) => {
        order.push('shadow completed');
        finished(e);
      },
    });
    const route = shadowRoute();
    const served = json({ id: 1 });
    server = createServer((req, res) => {
      const decision = runner!.decide(route, req.method!, 'shadow');
      if (decision.shadow) {
        runner!.submit({
          route,
          decision,
          request: { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.alloc(0), requestId: 'r1' },
          served: { response: served, latencyMs: 1 },
          call: slowCall(1_000, json({ id: 1 })),
        });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(served.body);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;

    // act
    const body = await new Promise<string>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/products/1' }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          order.push('client got response');
          resolve(text);
        });
      })
        .on('error', reject)
        .end();
    });
    const event = await shadowDone;

    // assert
    expect(body).toBe('{"id":1}');
    expect(order).toEqual(['client got response', 'shadow completed']);
    expect(event).toMatchObject({ route: 'products', requestId: 'r1', side: 'lambda', consistent: true });
    expect(store.stats('products')[0]).toMatchObject({ compared: 1, matched: 1 });
  });
});
