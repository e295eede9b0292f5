import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createProxy, type Proxy } from '../../../proxy/index.js';
import { logSink, route, send, startUpstream, testPlan, type Upstream } from '../../helpers/index.js';

/** Routing and the x-strangler-* headers, through fastify's server with supertest (no listen needed). */
describe('routing and response headers', () => {
  let mono: Upstream;
  let proxy: Proxy | undefined;

  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    await mono?.close();
  });

  async function setup(extra: Omit<Parameters<typeof testPlan>[0], 'monolith'> = {}) {
    mono = await startUpstream((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain', 'x-monolith': 'yes' }).end(`${req.method} ${req.url}`));
    });
    const logs = logSink();
    proxy = createProxy(
      testPlan({
        monolith: { url: mono.url },
        routes: [route('product', '/products/:id', ['GET']), route('products', '/products', ['GET']), route('anything-under-admin', '/admin/*')],
        ...extra,
      }),
      { logDestination: logs.stream },
    );
    await proxy.app.ready();
    return { server: proxy.app.server, logs };
  }

  it('serves a matched route from the monolith and names the route and the side that served it', async () => {
    const { server, logs } = await setup();
    const res = await request(server).get('/products/42?color=red').expect(200);
    expect(res.text).toBe('GET /products/42?color=red');
    expect(res.headers['x-strangler-route']).toBe('product');
    expect(res.headers['x-strangler-served-by']).toBe('monolith');
    expect(res.headers['x-monolith']).toBe('yes');
    const line = await logs.waitFor((l) => l.msg === 'request');
    expect(line).toMatchObject({ routeId: 'product', stage: 'off', stageSource: 'static', servedBy: 'monolith', status: 200, path: '/products/42' });
  });

  it('sends requests no route matches to the monolith, without a route header', async () => {
    const { server, logs } = await setup();
    const res = await request(server).post('/products').send({ a: 1 }).expect(200);
    expect(res.text).toBe('POST /products');
    expect(res.headers['x-strangler-route']).toBeUndefined();
    expect(res.headers['x-strangler-served-by']).toBe('monolith');
    expect(await logs.waitFor((l) => l.msg === 'request')).toMatchObject({ routeId: null, stage: null, servedBy: 'monolith' });
  });

  it('drops x-strangler-* headers when server.responseHeaders is false, but still echoes the request id', async () => {
    const { server } = await setup({ server: { responseHeaders: false } });
    const res = await request(server).get('/products/1').set('x-request-id', 'trace-1').expect(200);
    expect(res.headers['x-strangler-route']).toBeUndefined();
    expect(res.headers['x-strangler-served-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toBe('trace-1');
  });

  it.each(['PROPFIND', 'PURGE', 'OPTIONS', 'DELETE', 'PATCH', 'QUERY'])('forwards %s like any other method', async (method) => {
    await setup();
    const { url } = await proxy!.listen();
    const res = await send(`${url}/dav/file`, { method });
    expect(res.status).toBe(200);
    expect(res.text).toBe(`${method} /dav/file`);
  });

  it('passes any Content-Type and body through untouched (nothing is parsed)', async () => {
    const { server } = await setup();
    mono.server.removeAllListeners('request');
    mono.server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.end(JSON.stringify({ type: req.headers['content-type'], body: Buffer.concat(chunks).toString('latin1') })));
    });
    const body = Buffer.from([0, 1, 2, 255, 123, 10]);
    const res = await request(server).post('/upload').set('content-type', 'this is not a media type').send(body).expect(200);
    expect(JSON.parse(res.text)).toEqual({ type: 'this is not a media type', body: body.toString('latin1') });
    const json = await request(server).post('/json').set('content-type', 'application/json').send('{not json').expect(200);
    expect(JSON.parse(json.text).body).toBe('{not json');
  });
});
