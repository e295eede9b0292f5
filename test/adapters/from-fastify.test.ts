import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AdapterErrorCode, fromFastify, type LambdaInvocation } from '../../adapters/index.js';
import { fakeContext } from '../fixtures/events/context.js';
import { PNG } from './helpers/apps.js';
import { clientView, eventFor, request, values } from './helpers/events.js';

declare module 'fastify' {
  interface FastifyRequest {
    lambda?: LambdaInvocation;
  }
}

function app() {
  const fastify = Fastify();
  let readies = 0;
  fastify.addHook('onReady', async () => {
    readies++;
  });
  fastify.get('/products/:id', async (req) => ({
    id: (req.params as { id: string }).id,
    ip: req.ip,
    source: req.lambda?.source,
    requestId: (req.lambda?.context as { awsRequestId?: string } | undefined)?.awsRequestId,
  }));
  fastify.get('/image', async (_req, reply) => reply.type('image/png').send(PNG));
  fastify.post('/echo', async (req, reply) => reply.header('set-cookie', ['a=1', 'b=2']).send(req.body));
  fastify.get('/headers', async (req) => ({ headers: req.headers, rawHeaders: req.raw.rawHeaders.filter((_, i) => i % 2 === 0), source: req.lambda?.source }));
  return { fastify, readies: () => readies };
}

describe('fromFastify', () => {
  it('readies the app once per execution environment, not per request', async () => {
    const { fastify, readies } = app();
    const handler = fromFastify(fastify);
    expect(readies()).toBe(0);
    for (let i = 0; i < 3; i++) await handler(eventFor('apiGatewayV2', request({ rawPath: '/products/1' })), fakeContext());
    expect(readies()).toBe(1);
  });

  it('runs requests through inject: params, client address, request.lambda, binary, cookies, JSON', async () => {
    const { fastify } = app();
    const handler = fromFastify(fastify);
    const get = await handler(eventFor('apiGatewayV2', request({ rawPath: '/products/9', sourceIp: '198.51.100.9' })), fakeContext({ awsRequestId: 'abc' }));
    expect(JSON.parse((get as { body: string }).body)).toEqual({ id: '9', ip: '198.51.100.9', source: 'apiGatewayV2', requestId: 'abc' });

    const image = clientView('albMultiValue', await handler(eventFor('albMultiValue', request({ rawPath: '/image' })), fakeContext()));
    expect(image.body.equals(PNG)).toBe(true);

    const post = clientView(
      'apiGatewayV1',
      await handler(
        eventFor(
          'apiGatewayV1',
          request({ method: 'POST', rawPath: '/echo', headers: [['content-type', 'application/json']], body: Buffer.from('{"a":"é"}') }),
        ),
        fakeContext(),
      ),
    );
    expect(JSON.parse(post.body.toString())).toEqual({ a: 'é' });
    expect(values(post, 'set-cookie')).toEqual(['a=1', 'b=2']);
  });

  it('hides its invocation header from hooks added after it and from handlers, and a client cannot forge one', async () => {
    const { fastify } = app();
    const handler = fromFastify(fastify);
    const seen: Record<string, unknown>[] = [];
    fastify.addHook('onRequest', async (req) => {
      seen.push({ ...req.headers });
    });
    const forged = request({ rawPath: '/headers', headers: [['x-strangler-lambda-invocation', 'guess-1']] });
    const body = JSON.parse(((await handler(eventFor('apiGatewayV2', forged), fakeContext())) as { body: string }).body) as {
      headers: Record<string, string>;
      source?: string;
    };
    expect(body.source).toBe('apiGatewayV2');
    expect(body.headers).not.toHaveProperty('x-strangler-lambda-invocation');
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toHaveProperty('x-strangler-lambda-invocation');
  });

  it('passes repeated headers and cookies the way Node would join them', async () => {
    const { fastify } = app();
    const handler = fromFastify(fastify);
    const req = request({
      rawPath: '/headers',
      headers: [
        ['X-Tag', 'a'],
        ['x-tag', 'b'],
        ['Cookie', 'a=1'],
        ['Cookie', 'b=2'],
      ],
    });
    const body = JSON.parse(((await handler(eventFor('apiGatewayV1', req), fakeContext())) as { body: string }).body) as { headers: Record<string, string> };
    expect(body.headers).toMatchObject({ 'x-tag': 'a, b', cookie: 'a=1; b=2' });
  });

  it('leaves request.lambda undefined with exposeLambda: false', async () => {
    const { fastify } = app();
    const handler = fromFastify(fastify, { exposeLambda: false });
    const res = await handler(eventFor('apiGatewayV2', request({ rawPath: '/products/1' })), fakeContext());
    expect(JSON.parse((res as { body: string }).body)).not.toHaveProperty('source');
  });

  it('rejects what is not a Fastify instance', () => {
    expect(() => fromFastify({} as never)).toThrow(expect.objectContaining({ code: AdapterErrorCode.UNSUPPORTED_APP }));
  });
});
