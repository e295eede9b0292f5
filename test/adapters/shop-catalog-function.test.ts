import express from 'express';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogRouter } from '../../examples/shop/catalog.js';
import { fakeContext } from '../fixtures/events/context.js';
import type { HeaderPairs, LambdaHttpResponse } from '../../adapters/index.js';
import { clientView, eventFor, request, values } from './helpers/events.js';
import { close, listen, send } from './helpers/server.js';

/**
 * The shop's catalog extracted with `fromExpress` (examples/shop/functions/catalog.ts), loaded from its compiled
 * file as the local Lambda service loads it, answers like the monolith's own catalog router over HTTP.
 */

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
let handler: Handler;
let server: Server;
let port: number;

beforeAll(async () => {
  // dist/ is built by the suite's global setup (tsc), as `npm start` builds it.
  const compiled = new URL('../../dist/examples/shop/functions/catalog.js', import.meta.url).href;
  ({ handler } = (await import(compiled)) as { handler: Handler });
  const monolith = express();
  monolith.use(catalogRouter());
  ({ server, port } = await listen(monolith));
});
afterAll(() => close(server));

/** Timestamps differ between two correct answers (the shop documents servedAt and updatedAt as such). */
function comparable(res: LambdaHttpResponse): unknown {
  const type = values(res, 'content-type')[0] ?? '';
  const body = type.startsWith('application/json')
    ? JSON.parse(res.body.toString(), (key, value: unknown) => (key === 'servedAt' || key === 'updatedAt' ? undefined : value))
    : res.body.toString('base64');
  const headers = res.headers.filter(([name]) => !['date', 'connection', 'keep-alive', 'etag', 'content-length', 'transfer-encoding'].includes(name));
  return { status: res.statusCode, headers, body };
}

describe('the extracted catalog function', () => {
  it.each([
    ['GET', '/categories', ''],
    ['GET', '/products', 'category=kitchen&sort=-price&pageSize=5'],
    ['GET', '/products/search', 'q=lamp'],
    ['GET', '/products/7', ''],
    ['GET', '/products/7/image', ''],
    ['HEAD', '/products/7/image', ''],
    ['GET', '/products/999999', ''],
    ['GET', '/products', 'page=1&page=2'],
    ['GET', '/products', 'sort=cheapest'],
  ])('%s %s?%s answers as the monolith does, through API Gateway 2.0', async (method, path, query) => {
    const host: HeaderPairs = [['host', 'shop.example.com']];
    const direct = await send(port, method, query ? `${path}?${query}` : path, host);
    const result = await handler(eventFor('apiGatewayV2', request({ method, rawPath: path, rawQuery: query, headers: host })), fakeContext());
    const viaLambda = clientView('apiGatewayV2', result, method);
    expect(comparable(viaLambda)).toEqual(comparable(direct));
  });

  it('sends the product image as base64 and the client gets the PNG bytes', async () => {
    const result = (await handler(eventFor('functionUrl', request({ rawPath: '/products/7/image' })), fakeContext())) as { isBase64Encoded: boolean };
    expect(result.isBase64Encoded).toBe(true);
    const res = clientView('functionUrl', result);
    expect(res.body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a'); // the PNG signature
  });

  it('answers REST API (1.0) and ALB events too', async () => {
    for (const source of ['apiGatewayV1', 'alb', 'albMultiValue'] as const) {
      const res = clientView(source, await handler(eventFor(source, request({ rawPath: '/products/3' })), fakeContext()));
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body.toString())).toMatchObject({ id: 3 });
    }
  });
});
