import express from 'express';
import { describe, expect, it } from 'vitest';
import { AdapterErrorCode, fromExpress } from '../../adapters/index.js';
import { fakeContext } from '../fixtures/events/context.js';
import { PNG } from './helpers/apps.js';
import { clientView, eventFor, request, values } from './helpers/events.js';

function catalog(): express.Router {
  const router = express.Router();
  router.use(express.json());
  router.get('/products/:id', (req, res) => {
    res.json({ id: req.params.id, lang: req.query.lang, ip: req.ip, protocol: req.protocol, lambda: req.lambda?.source });
  });
  router.post('/products', (req, res) => {
    res
      .status(201)
      .cookie('created', '1')
      .cookie('by', 'lambda')
      .json({ received: req.body as unknown });
  });
  router.get('/image', (_req, res) => res.type('png').send(PNG));
  router.get('/fail', () => {
    throw new Error('database is down');
  });
  return router;
}

describe('fromExpress', () => {
  it('runs an Express app: routing, params, query, JSON body parsing, cookies, client address', async () => {
    const app = express();
    app.use('/catalog', catalog());
    const handler = fromExpress(app);

    const get = clientView(
      'apiGatewayV2',
      await handler(eventFor('apiGatewayV2', request({ rawPath: '/catalog/products/7', rawQuery: 'lang=fr', sourceIp: '198.51.100.4' })), fakeContext()),
    );
    expect(get.statusCode).toBe(200);
    expect(JSON.parse(get.body.toString())).toEqual({ id: '7', lang: 'fr', ip: '198.51.100.4', protocol: 'https', lambda: 'apiGatewayV2' });

    const body = Buffer.from(JSON.stringify({ name: 'Théière' }));
    const post = clientView(
      'apiGatewayV1',
      await handler(
        eventFor('apiGatewayV1', request({ method: 'POST', rawPath: '/catalog/products', headers: [['Content-Type', 'application/json']], body })),
        fakeContext(),
      ),
    );
    expect(post.statusCode).toBe(201);
    expect(JSON.parse(post.body.toString())).toEqual({ received: { name: 'Théière' } });
    expect(values(post, 'set-cookie')).toEqual(['created=1; Path=/', 'by=lambda; Path=/']);
  });

  it('runs a Router on its own (mounted on a fresh app, with 404 and error pages)', async () => {
    const handler = fromExpress(catalog());
    const image = clientView('alb', await handler(eventFor('alb', request({ rawPath: '/image' })), fakeContext()));
    expect(image.body.equals(PNG)).toBe(true);
    const missing = await handler(eventFor('apiGatewayV2', request({ rawPath: '/nowhere' })), fakeContext());
    expect(missing).toMatchObject({ statusCode: 404 });
    const failed = await handler(eventFor('apiGatewayV2', request({ rawPath: '/fail' })), fakeContext());
    expect(failed).toMatchObject({ statusCode: 500 });
  });

  it('answers HEAD requests from GET routes without a body', async () => {
    const handler = fromExpress(catalog());
    const res = clientView('apiGatewayV2', await handler(eventFor('apiGatewayV2', request({ method: 'HEAD', rawPath: '/image' })), fakeContext()), 'HEAD');
    expect(res.body.length).toBe(0);
    expect(values(res, 'content-length')).toEqual([String(PNG.length)]);
  });

  it('rejects what is neither an app nor a router', () => {
    expect(() => fromExpress((() => undefined) as never)).toThrow(expect.objectContaining({ code: AdapterErrorCode.UNSUPPORTED_APP }));
  });
});
