import { describe, expect, it } from 'vitest';
import { toApiGatewayV1Event } from '../../../adapters/index.js';
import { PNG } from '../helpers/apps.js';
import { request } from '../helpers/events.js';

describe('toApiGatewayV1Event: payload 1.0 as API Gateway fills it', () => {
  it('fills the documented fields, with null for empty maps', () => {
    const event = toApiGatewayV1Event(
      request({
        method: 'DELETE',
        rawPath: '/orders/7',
        headers: [
          ['Host', 'shop.example.com'],
          ['User-Agent', 'curl/8.5'],
        ],
        routeKey: 'DELETE /orders/{id}',
        pathParameters: { id: '7' },
        requestId: 'r-9',
        timeEpoch: Date.UTC(2020, 2, 4, 19, 15, 17, 135),
      }),
    );
    expect(event).toEqual({
      version: '1.0',
      resource: '/orders/{id}',
      path: '/orders/7',
      httpMethod: 'DELETE',
      headers: { Host: 'shop.example.com', 'User-Agent': 'curl/8.5' },
      multiValueHeaders: { Host: ['shop.example.com'], 'User-Agent': ['curl/8.5'] },
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      requestContext: {
        accountId: '000000000000',
        apiId: 'strangler',
        domainName: 'shop.example.com',
        domainPrefix: 'shop',
        extendedRequestId: 'r-9',
        httpMethod: 'DELETE',
        identity: { sourceIp: '203.0.113.7', userAgent: 'curl/8.5' },
        path: '/orders/7',
        protocol: 'HTTP/1.1',
        requestId: 'r-9',
        requestTime: '04/Mar/2020:19:15:17 +0000',
        requestTimeEpoch: Date.UTC(2020, 2, 4, 19, 15, 17, 135),
        resourceId: null,
        resourcePath: '/orders/{id}',
        stage: '$default',
      },
      pathParameters: { id: '7' },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
  });

  it('keeps header case; single-value maps hold the last value, multi-value maps all of them', () => {
    const event = toApiGatewayV1Event(
      request({
        headers: [
          ['X-Tag', 'a'],
          ['x-tag', 'b'],
          ['Cookie', 'a=1'],
          ['Cookie', 'b=2'],
        ],
        rawQuery: 'k=1&k=2&q=a%20b',
      }),
    );
    expect(event.headers).toEqual({ 'X-Tag': 'b', Cookie: 'b=2' });
    expect(event.multiValueHeaders).toEqual({ 'X-Tag': ['a', 'b'], Cookie: ['a=1', 'b=2'] });
    expect(event.queryStringParameters).toEqual({ k: '2', q: 'a b' });
    expect(event.multiValueQueryStringParameters).toEqual({ k: ['1', '2'], q: ['a b'] });
  });

  it('puts a named stage in requestContext.path only, and names the catch-all route $default', () => {
    const event = toApiGatewayV1Event(request({ rawPath: '/items', stage: 'prod' }));
    expect(event.path).toBe('/items');
    expect(event.requestContext.path).toBe('/prod/items');
    expect(event.resource).toBe('$default');
  });

  it('encodes binary bodies as base64', () => {
    const event = toApiGatewayV1Event(request({ method: 'PUT', headers: [['Content-Type', 'image/png']], body: PNG }));
    expect(event).toMatchObject({ body: PNG.toString('base64'), isBase64Encoded: true });
    expect(event.headers).toMatchObject({ 'content-length': String(PNG.length) });
  });
});
