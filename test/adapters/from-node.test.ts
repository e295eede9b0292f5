import { setInterval as every } from 'node:timers';
import { describe, expect, it } from 'vitest';
import { AdapterErrorCode, fromNodeHandler, type LambdaInvocation } from '../../adapters/index.js';
import { fakeContext } from '../fixtures/events/context.js';
import { loadEvent } from './helpers/events.js';

const v2 = () => loadEvent('api-gateway-v2');

describe('fromNodeHandler', () => {
  it('resolves when the response finishes, without waiting for open handles (keep-alive pools, timers)', async () => {
    let pool: NodeJS.Timeout | undefined;
    const handler = fromNodeHandler((_req, res) => {
      pool = every(() => undefined, 60_000); // a "connection pool" that never closes
      res.setHeader('content-type', 'text/plain');
      res.end('done');
    });
    const context = fakeContext();
    try {
      const result = await handler(v2(), context);
      expect(result).toMatchObject({ statusCode: 200, body: 'done' });
      // Callback-style wrappers must not wait for the empty event loop either.
      expect(context.callbackWaitsForEmptyEventLoop).toBe(false);
    } finally {
      clearInterval(pool);
    }
  });

  it('resolves only once the app ends a streamed response', async () => {
    const handler = fromNodeHandler((_req, res) => {
      res.setHeader('content-type', 'text/plain');
      res.write('a');
      setTimeout(() => res.write('b'), 5);
      setTimeout(() => res.end('c'), 10);
    });
    expect(await handler(v2(), fakeContext())).toMatchObject({ body: 'abc' });
  });

  it('exposes the invocation as req.lambda, or not when exposeLambda is false', async () => {
    let seen: LambdaInvocation | undefined;
    const app = (req: { lambda?: LambdaInvocation }, res: { end: () => void }) => {
      seen = req.lambda;
      res.end();
    };
    const event = v2();
    const context = fakeContext();
    await fromNodeHandler(app as never)(event, context);
    expect(seen).toEqual({ event, context, source: 'apiGatewayV2' });
    seen = undefined;
    await fromNodeHandler(app as never, { exposeLambda: false })(v2(), fakeContext());
    expect(seen).toBeUndefined();
  });

  it('keeps headers passed to writeHead (object and flat-array forms)', async () => {
    const object = fromNodeHandler((_req, res) => void res.writeHead(201, 'Made', { 'x-a': '1', 'content-type': 'text/plain' }).end('x'));
    expect(await object(v2(), fakeContext())).toMatchObject({ statusCode: 201, headers: { 'x-a': '1', 'content-type': 'text/plain' } });
    const flat = fromNodeHandler((_req, res) => void res.writeHead(200, ['set-cookie', 'a=1', 'set-cookie', 'b=2', 'x-b', '2']).end());
    expect(await flat(v2(), fakeContext())).toMatchObject({ cookies: ['a=1', 'b=2'], headers: { 'x-b': '2' } });
  });

  it('rejects (a function error) when the handler throws or its promise rejects before answering', async () => {
    const boom = new TypeError('boom');
    await expect(
      fromNodeHandler(() => {
        throw boom;
      })(v2(), fakeContext()),
    ).rejects.toBe(boom);
    await expect(
      fromNodeHandler(async () => {
        throw boom;
      })(v2(), fakeContext()),
    ).rejects.toBe(boom);
  });

  it('rejects with STRANGLER_ADAPTER_RESPONSE_ABORTED when the app destroys the response', async () => {
    const handler = fromNodeHandler((_req, res) => {
      res.write('partial');
      res.destroy(new Error('upstream went away'));
    });
    await expect(handler(v2(), fakeContext())).rejects.toMatchObject({ code: AdapterErrorCode.RESPONSE_ABORTED });
  });

  it('rejects events that are not HTTP events, and malformed ones, with codes', async () => {
    const handler = fromNodeHandler((_req, res) => res.end());
    await expect(handler({ Records: [] }, fakeContext())).rejects.toMatchObject({ code: AdapterErrorCode.UNKNOWN_EVENT });
    const bad = v2();
    bad.body = { not: 'a string' };
    await expect(handler(bad, fakeContext())).rejects.toMatchObject({ code: AdapterErrorCode.BAD_EVENT });
  });

  it('strips a named 2.0 stage and a configured base path from the path', async () => {
    const url = (req: { url?: string }, res: { setHeader: (n: string, v: string) => void; end: (b?: string) => void }) => {
      res.setHeader('content-type', 'text/plain');
      res.end(req.url);
    };
    const app = fromNodeHandler(url as never, { basePath: '/api/' });
    const event = v2();
    event.requestContext.stage = 'prod';
    event.rawPath = '/prod/api/items/7';
    expect(await app(event, fakeContext())).toMatchObject({ body: '/items/7?parameter1=value1&parameter1=value2&parameter2=value' });
    const keep = fromNodeHandler(url as never, { stripStage: false });
    expect(await keep(event, fakeContext())).toMatchObject({ body: expect.stringMatching(/^\/prod\/api\/items\/7\?/) });
  });

  it('sends a body without content-type as base64: bytes of unknown meaning are never re-encoded', async () => {
    const handler = fromNodeHandler((_req, res) => res.end('done'));
    expect(await handler(v2(), fakeContext())).toMatchObject({ isBase64Encoded: true, body: Buffer.from('done').toString('base64') });
  });

  it('sends configured binary content types base64-encoded', async () => {
    const handler = fromNodeHandler((_req, res) => void res.writeHead(200, { 'content-type': 'text/csv' }).end('a,b\n'), { binaryContentTypes: ['text/csv'] });
    expect(await handler(v2(), fakeContext())).toMatchObject({ isBase64Encoded: true, body: Buffer.from('a,b\n').toString('base64') });
  });

  it.each([[{ basePath: 'api' }], [{ stripStage: 'yes' }], [{ binaryContentTypes: ['nonsense'] }], [{ exposeLamda: true }]])(
    'rejects the invalid option %j when the handler is created',
    (options) => {
      expect(() => fromNodeHandler((_req, res) => res.end(), options as never)).toThrow(expect.objectContaining({ code: AdapterErrorCode.INVALID_OPTION }));
    },
  );

  it('rejects something that is not a function', () => {
    expect(() => fromNodeHandler({} as never)).toThrow(expect.objectContaining({ code: AdapterErrorCode.UNSUPPORTED_APP }));
  });
});
