import { describe, expect, it } from 'vitest';
import { toApiGatewayV2Event } from '../../../adapters/index.js';
import { PNG } from '../helpers/apps.js';
import { request } from '../helpers/events.js';

describe('toApiGatewayV2Event: every field as API Gateway fills it', () => {
  it('fills the documented fields of a simple GET', () => {
    const event = toApiGatewayV2Event(
      request({
        method: 'GET',
        rawPath: '/products/42',
        rawQuery: 'lang=en',
        headers: ['Host', 'shop.example.com:8080', 'User-Agent', 'curl/8.5', 'Accept', '*/*'],
        routeKey: 'GET /products/{id}',
        pathParameters: { id: '42' },
        requestId: 'abc-123',
        timeEpoch: Date.UTC(2020, 2, 12, 19, 3, 58, 390),
      }),
    );
    expect(event).toEqual({
      version: '2.0',
      routeKey: 'GET /products/{id}',
      rawPath: '/products/42',
      rawQueryString: 'lang=en',
      headers: { host: 'shop.example.com:8080', 'user-agent': 'curl/8.5', accept: '*/*' },
      queryStringParameters: { lang: 'en' },
      pathParameters: { id: '42' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'strangler',
        domainName: 'shop.example.com',
        domainPrefix: 'shop',
        http: { method: 'GET', path: '/products/42', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'curl/8.5' },
        requestId: 'abc-123',
        routeKey: 'GET /products/{id}',
        stage: '$default',
        time: '12/Mar/2020:19:03:58 +0000',
        timeEpoch: Date.UTC(2020, 2, 12, 19, 3, 58, 390),
      },
      isBase64Encoded: false,
    });
  });

  it('omits empty optional fields (cookies, query, path parameters, body) and defaults routeKey to $default', () => {
    const event = toApiGatewayV2Event(request({ pathParameters: {} }));
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event).not.toHaveProperty('body');
    expect(event.rawQueryString).toBe('');
    expect(event.routeKey).toBe('$default');
    expect(event.requestContext.routeKey).toBe('$default');
  });

  it('lower-cases header names and joins repeated headers with commas', () => {
    const event = toApiGatewayV2Event(
      request({
        headers: [
          ['X-Tag', 'a'],
          ['x-tag', 'b'],
          ['Accept', 'text/html'],
        ],
      }),
    );
    expect(event.headers).toEqual({ 'x-tag': 'a,b', accept: 'text/html' });
  });

  it('moves cookies out of the headers into cookies[], one entry per cookie, from every Cookie header', () => {
    const event = toApiGatewayV2Event(
      request({
        headers: [
          ['Cookie', 'a=1; b=2'],
          ['cookie', 'c=3;'],
          ['accept', '*/*'],
        ],
      }),
    );
    expect(event.cookies).toEqual(['a=1', 'b=2', 'c=3']);
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('keeps rawQueryString exact and joins repeated query values with commas, decoded', () => {
    const event = toApiGatewayV2Event(request({ rawQuery: 'tag=a&tag=b%2Cc&q=caf%C3%A9+latte&flag&empty=' }));
    expect(event.rawQueryString).toBe('tag=a&tag=b%2Cc&q=caf%C3%A9+latte&flag&empty=');
    expect(event.queryStringParameters).toEqual({ tag: 'a,b,c', q: 'café latte', flag: '', empty: '' });
  });

  it('keeps the path percent-encoded as received', () => {
    const event = toApiGatewayV2Event(request({ rawPath: '/files/a%20b/%E2%9C%93%2Fx' }));
    expect(event.rawPath).toBe('/files/a%20b/%E2%9C%93%2Fx');
    expect(event.requestContext.http.path).toBe('/files/a%20b/%E2%9C%93%2Fx');
  });

  it('sends text bodies as text and binary bodies as base64, with the byte length', () => {
    const text = toApiGatewayV2Event(request({ method: 'POST', headers: [['content-type', 'application/json']], body: Buffer.from('{"name":"thé"}') }));
    expect(text).toMatchObject({ body: '{"name":"thé"}', isBase64Encoded: false });
    expect(text.headers['content-length']).toBe('15');
    const binary = toApiGatewayV2Event(request({ method: 'POST', headers: [['content-type', 'image/png']], body: PNG }));
    expect(binary).toMatchObject({ body: PNG.toString('base64'), isBase64Encoded: true });
    expect(binary.headers['content-length']).toBe(String(PNG.length));
  });

  it('drops hop-by-hop headers and chunked framing: the body is buffered', () => {
    const event = toApiGatewayV2Event(
      request({
        method: 'POST',
        headers: [
          ['Connection', 'keep-alive, X-Hop'],
          ['X-Hop', '1'],
          ['Transfer-Encoding', 'chunked'],
          ['Keep-Alive', 'timeout=5'],
          ['content-type', 'text/plain'],
        ],
        body: Buffer.from('hello'),
      }),
    );
    expect(event.headers).toEqual({ 'content-type': 'text/plain', 'content-length': '5' });
  });

  it('carries a named stage, the client address and the protocol', () => {
    const event = toApiGatewayV2Event(request({ stage: 'prod', protocol: 'HTTP/2.0', sourceIp: '2001:db8::1' }));
    expect(event.requestContext).toMatchObject({ stage: 'prod', http: { protocol: 'HTTP/2.0', sourceIp: '2001:db8::1' } });
  });
});
