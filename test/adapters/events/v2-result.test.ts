import { describe, expect, it } from 'vitest';
import { fromApiGatewayV2Result, LAMBDA_BAD_RESPONSE } from '../../../adapters/index.js';
import { PNG } from '../helpers/apps.js';

const decode = (result: unknown, method?: string) => fromApiGatewayV2Result(new TextEncoder().encode(JSON.stringify(result)), method);

describe('fromApiGatewayV2Result: payload 2.0 results as API Gateway turns them into responses', () => {
  it('turns cookies into one set-cookie header each, next to the headers', () => {
    const res = decode({ statusCode: 201, headers: { 'Content-Type': 'text/plain' }, cookies: ['a=1; Path=/', 'b=2'], body: 'ok' });
    expect(res.statusCode).toBe(201);
    expect(res.headers).toEqual([
      ['content-type', 'text/plain'],
      ['set-cookie', 'a=1; Path=/'],
      ['set-cookie', 'b=2'],
      ['content-length', '2'],
    ]);
    expect(res.body.toString()).toBe('ok');
  });

  it('decodes base64 bodies to the exact bytes', () => {
    const res = decode({ statusCode: 200, headers: { 'content-type': 'image/png' }, body: PNG.toString('base64'), isBase64Encoded: true });
    expect(res.body.equals(PNG)).toBe(true);
  });

  it('counts content-length in bytes, whatever the function claimed', () => {
    const res = decode({ statusCode: 200, headers: { 'content-length': '5' }, body: 'héllo ✓' });
    expect(res.headers).toContainEqual(['content-length', String(Buffer.byteLength('héllo ✓'))]);
  });

  it.each([
    ['an object', { hello: 'world' }, '{"hello":"world"}'],
    ['a string, sent as its text', 'Hello from Lambda', 'Hello from Lambda'],
    ['a number', 42, '42'],
    ['an array', [1, 2], '[1,2]'],
    ['null (a handler that returned nothing)', null, 'null'],
  ])('infers 200 application/json for valid JSON without statusCode: %s', (_, payload, body) => {
    const res = decode(payload);
    expect(res.statusCode).toBe(200);
    expect(res.headers).toContainEqual(['content-type', 'application/json']);
    expect(res.body.toString()).toBe(body);
  });

  it('keeps content-length but sends no body for HEAD, and none for 204/304', () => {
    const head = decode({ statusCode: 200, headers: { 'content-length': '1234' }, body: '' }, 'HEAD');
    expect(head.headers).toEqual([['content-length', '1234']]);
    expect(head.body.length).toBe(0);
    const noContent = decode({ statusCode: 204, headers: { 'content-length': '3' }, body: 'abc' });
    expect(noContent).toEqual({ statusCode: 204, headers: [], body: Buffer.alloc(0) });
    const notModified = decode({ statusCode: 304, headers: { etag: '"v1"' }, body: 'abc' });
    expect(notModified).toEqual({ statusCode: 304, headers: [['etag', '"v1"']], body: Buffer.alloc(0) });
  });

  it('drops transfer-encoding and other hop-by-hop headers', () => {
    const res = decode({ statusCode: 200, headers: { 'transfer-encoding': 'chunked', connection: 'close', 'x-ok': '1' }, body: 'x' });
    expect(res.headers).toEqual([
      ['x-ok', '1'],
      ['content-length', '1'],
    ]);
  });

  it.each([
    ['not JSON', 'not json at all'],
    ['statusCode as a string', JSON.stringify({ statusCode: '200' })],
    ['statusCode out of range', JSON.stringify({ statusCode: 99 })],
    ['statusCode not an integer', JSON.stringify({ statusCode: 200.5 })],
    ['a numeric header value', JSON.stringify({ statusCode: 200, headers: { 'content-length': 5 } })],
    ['headers not an object', JSON.stringify({ statusCode: 200, headers: 'x' })],
    ['cookies not an array', JSON.stringify({ statusCode: 200, cookies: 'a=1' })],
    ['a non-string cookie', JSON.stringify({ statusCode: 200, cookies: [1] })],
    ['a non-string body', JSON.stringify({ statusCode: 200, body: { a: 1 } })],
  ])('rejects %s as a bad response (502)', (_, payload) => {
    expect(() => fromApiGatewayV2Result(payload)).toThrow(expect.objectContaining({ code: LAMBDA_BAD_RESPONSE, statusCode: 502 }));
  });
});
