import { gzipSync } from 'node:zlib';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fromApiGatewayV1Result,
  fromApiGatewayV2Result,
  fromNodeHandler,
  HOP_BY_HOP,
  toApiGatewayV1Event,
  toApiGatewayV2Event,
  type HeaderPairs,
  type LambdaHttpRequest,
  type LambdaHttpResponse,
} from '../../../adapters/index.js';
import { fakeContext } from '../../fixtures/events/context.js';
import { fixtureApp, PNG, readEcho, UNICODE } from '../helpers/apps.js';
import { close, listen, send } from '../helpers/server.js';

/**
 * The contract, end to end: a request described by the proxy → `toApiGateway*Event` → the adapter → the app sees
 * what it sees when called directly over HTTP; its answer → the adapter's result → `fromApiGateway*Result` → the
 * client gets the same status, headers and bytes as from the app directly.
 */

const FORMATS = [
  { format: '2.0', encode: toApiGatewayV2Event, decode: fromApiGatewayV2Result },
  { format: '1.0', encode: toApiGatewayV1Event, decode: fromApiGatewayV1Result },
] as const;

const REQUESTS: { name: string; method: string; target: string; headers: HeaderPairs; body?: Buffer }[] = [
  { name: 'a plain GET', method: 'GET', target: '/echo', headers: [['Accept', 'application/json']] },
  { name: 'a unicode, percent-encoded path with an encoded slash', method: 'GET', target: '/echo/caf%C3%A9/a%20b%2Fc', headers: [] },
  { name: 'repeated query keys and encoded values', method: 'GET', target: '/echo?x=1&x=2&y=%E2%9C%93&z=a%2Cb', headers: [] },
  { name: '"+" and "%2B" in the query', method: 'OPTIONS', target: '/echo?q=a+b%2Bc', headers: [] },
  { name: 'a key without value', method: 'DELETE', target: '/echo?flag', headers: [] },
  {
    name: 'repeated headers and two Cookie headers',
    method: 'GET',
    target: '/echo',
    headers: [
      ['X-Tag', 'a'],
      ['x-tag', 'b'],
      ['Cookie', 'a=1; b=2'],
      ['Cookie', 'c=3'],
    ],
  },
  {
    name: 'a unicode JSON body',
    method: 'POST',
    target: '/echo',
    headers: [
      ['Content-Type', 'application/json'],
      ['Content-Length', String(Buffer.byteLength(JSON.stringify({ text: UNICODE })))],
    ],
    body: Buffer.from(JSON.stringify({ text: UNICODE })),
  },
  { name: 'a chunked upload', method: 'POST', target: '/echo', headers: [['Content-Type', 'text/plain']], body: Buffer.from(UNICODE) },
  { name: 'a binary body', method: 'PUT', target: '/echo', headers: [['Content-Type', 'image/png']], body: PNG },
  {
    name: 'a compressed body',
    method: 'POST',
    target: '/echo',
    headers: [
      ['Content-Type', 'text/plain'],
      ['Content-Encoding', 'gzip'],
    ],
    body: gzipSync(UNICODE),
  },
  { name: 'an empty body with content-length 0', method: 'PATCH', target: '/echo', headers: [['Content-Length', '0']] },
];

const RESPONSES: { method: string; target: string }[] = [
  { method: 'GET', target: '/binary' },
  { method: 'HEAD', target: '/binary' },
  { method: 'GET', target: '/cookies' },
  { method: 'GET', target: '/number-header' },
  { method: 'GET', target: '/chunked' },
  { method: 'GET', target: '/gzip' },
  { method: 'GET', target: '/no-content' },
  { method: 'GET', target: '/not-modified' },
  { method: 'GET', target: '/redirect' },
  { method: 'GET', target: '/status?code=503' },
  { method: 'GET', target: '/latin1' },
  { method: 'GET', target: '/empty' },
];

function split(target: string): [string, string] {
  const q = target.indexOf('?');
  return q === -1 ? [target, ''] : [target.slice(0, q), target.slice(q + 1)];
}

/** Headers as a client compares them: framing and connection headers aside, repeated values joined. */
function comparable(headers: HeaderPairs): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    if (HOP_BY_HOP.has(name) || name === 'date' || name === 'content-length') continue;
    if (name === 'set-cookie') (out[name] = (out[name] as string[] | undefined) ?? []).push(value);
    else out[name] = name in out ? `${out[name] as string}, ${value}` : value;
  }
  return out;
}

let server: Server;
let port: number;
beforeAll(async () => ({ server, port } = await listen(fixtureApp)));
afterAll(() => close(server));

describe.each(FORMATS)('round trip through payload $format', ({ format, encode, decode }) => {
  const handler = fromNodeHandler(fixtureApp);

  it.each(REQUESTS)('$name: the app sees the same method, path, query, headers and body', async ({ method, target, headers, body }) => {
    // prepare: what the app sees when called directly, and the proxy's description of that same request
    const direct = readEcho((await send(port, method, target, [['Host', `127.0.0.1:${port}`], ...headers], body)).body);
    const [rawPath, rawQuery] = split(direct.url);
    const described: LambdaHttpRequest = {
      method: direct.method,
      rawPath,
      rawQuery,
      headers: direct.rawHeaders,
      body: direct.bytes.length > 0 ? direct.bytes : undefined,
      sourceIp: direct.ip ?? '127.0.0.1',
      requestId: 'round-trip',
    };
    // act
    const res = decode(JSON.stringify(await handler(encode(described), fakeContext())), method);
    const viaLambda = readEcho(res.body);
    // assert
    expect(viaLambda.method).toBe(direct.method);
    expect(split(viaLambda.url)[0]).toBe(rawPath);
    if (format === '2.0')
      expect(split(viaLambda.url)[1]).toBe(rawQuery); // rawQueryString is exact
    else expect([...new URLSearchParams(split(viaLambda.url)[1])]).toEqual([...new URLSearchParams(rawQuery)]); // 1.0 re-encodes decoded values
    expect(viaLambda.bytes.equals(direct.bytes)).toBe(true);
    expect(viaLambda.ip).toBe(direct.ip);
    const expected: Record<string, unknown> = { ...direct.headers };
    // The body was buffered into the event: a chunked upload arrives with its byte length instead of its framing.
    if (expected['transfer-encoding'] !== undefined) expected['content-length'] = String(direct.bytes.length);
    for (const name of HOP_BY_HOP) delete expected[name];
    if (format === '2.0') {
      // API Gateway 2.0 joins repeated headers with "," (Node joins with ", "); cookies travel apart and rejoin with "; ".
      for (const name of ['x-tag']) if (typeof expected[name] === 'string') expected[name] = (expected[name] as string).replace(/, /g, ',');
    }
    expect(viaLambda.headers).toEqual(expected);
  });

  it.each(RESPONSES)('$method $target: the client gets the same status, headers and bytes', async ({ method, target }) => {
    const host: HeaderPairs = [['Host', `127.0.0.1:${port}`]];
    const direct = await send(port, method, target, host);
    const [rawPath, rawQuery] = split(target);
    const event = encode({ method, rawPath, rawQuery, headers: host, body: undefined, sourceIp: '127.0.0.1', requestId: 'round-trip' });
    const res: LambdaHttpResponse = decode(JSON.stringify(await handler(event, fakeContext())), method);
    expect(res.statusCode).toBe(direct.statusCode);
    expect(res.body.equals(direct.body)).toBe(true);
    expect(comparable(res.headers)).toEqual(comparable(direct.headers));
    const length = res.headers.find(([name]) => name === 'content-length')?.[1];
    if (method === 'HEAD') expect(length).toBe(String(PNG.length));
    else if (res.statusCode === 204 || res.statusCode === 304) expect(length).toBeUndefined();
    else expect(length).toBe(String(direct.body.length));
  });
});
