import { describe, expect, it } from 'vitest';
import { fromAlbResult, fromApiGatewayV1Result, LAMBDA_BAD_RESPONSE } from '../../../adapters/index.js';

describe('fromApiGatewayV1Result: payload 1.0 results', () => {
  it('lets multiValueHeaders win over headers for the same name, and sends every Set-Cookie', () => {
    const res = fromApiGatewayV1Result(
      JSON.stringify({
        statusCode: 200,
        headers: { 'Set-Cookie': 'lost=1', 'X-Single': 'one', 'X-Both': 'from-headers' },
        multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'], 'x-both': ['m1', 'm2'] },
        body: 'ok',
        isBase64Encoded: false,
      }),
    );
    expect(res.headers).toEqual([
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['x-both', 'm1'],
      ['x-both', 'm2'],
      ['x-single', 'one'],
      ['content-length', '2'],
    ]);
  });

  it.each([
    ['no statusCode (no inference in 1.0)', { body: 'hello' }],
    ['a bare string', 'hello'],
    ['null', null],
    ['a numeric header', { statusCode: 200, headers: { 'content-length': 5 } }],
    ['multiValueHeaders not lists', { statusCode: 200, multiValueHeaders: { a: 'b' } }],
    ['a non-string multi value', { statusCode: 200, multiValueHeaders: { a: [1] } }],
  ])('rejects %s as a bad response', (_, result) => {
    expect(() => fromApiGatewayV1Result(JSON.stringify(result))).toThrow(expect.objectContaining({ code: LAMBDA_BAD_RESPONSE }));
  });
});

describe('fromAlbResult: ALB reads the map of its mode only', () => {
  const result = JSON.stringify({
    statusCode: 200,
    statusDescription: '200 OK',
    headers: { 'set-cookie': 'single=1' },
    multiValueHeaders: { 'set-cookie': ['m=1', 'm=2'] },
    body: '',
    isBase64Encoded: false,
  });

  it('default mode: headers', () => {
    expect(fromAlbResult(result, false).headers).toEqual([
      ['set-cookie', 'single=1'],
      ['content-length', '0'],
    ]);
  });

  it('multi-value mode: multiValueHeaders', () => {
    expect(fromAlbResult(result, true).headers).toEqual([
      ['set-cookie', 'm=1'],
      ['set-cookie', 'm=2'],
      ['content-length', '0'],
    ]);
  });
});
