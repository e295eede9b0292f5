import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fromNodeHandler, type LambdaHttpRequest } from '../../adapters/index.js';
import { fakeContext } from '../fixtures/events/context.js';
import { fixtureApp, GZIPPED, PNG, readEcho, UNICODE } from './helpers/apps.js';
import { clientView, eventFor, request, SOURCES, values } from './helpers/events.js';

/**
 * Every pitfall of docs/lambda-http.md ("Binary bodies and the adapters' pitfalls", plus the format rules), for every
 * source: the event is built as the source builds it, the result read as the source reads it.
 */
const handler = fromNodeHandler(fixtureApp);

describe.each(SOURCES)('%s', (source) => {
  async function call(req: Partial<LambdaHttpRequest>) {
    const described = request(req);
    const result = (await handler(eventFor(source, described), fakeContext())) as Record<string, any>;
    return { result, res: clientView(source, result, described.method) };
  }

  it('binary request body: arrives as the same bytes (base64 in the event)', async () => {
    const { res } = await call({ method: 'POST', rawPath: '/echo', headers: [['content-type', 'image/png']], body: PNG });
    const echo = readEcho(res.body);
    expect(echo.bytes.equals(PNG)).toBe(true);
    expect(echo.headers['content-length']).toBe(String(PNG.length));
  });

  it('binary response body: sent base64, the client gets the exact bytes', async () => {
    const { result, res } = await call({ rawPath: '/binary' });
    expect(result.isBase64Encoded).toBe(true);
    expect(res.body.equals(PNG)).toBe(true);
    expect(values(res, 'content-type')).toEqual(['image/png']);
  });

  it('unicode: text bodies travel as UTF-8 text, content-length counts bytes both ways', async () => {
    const body = Buffer.from(UNICODE);
    const { res: echoed } = await call({ method: 'POST', rawPath: '/echo', headers: [['content-type', 'text/plain; charset=utf-8']], body });
    const echo = readEcho(echoed.body);
    expect(echo.bytes.toString()).toBe(UNICODE);
    expect(echo.headers['content-length']).toBe(String(body.length));
    const { result, res } = await call({ rawPath: '/unicode' });
    expect(result.isBase64Encoded).toBe(false);
    expect(result.body).toBe(UNICODE);
    expect(res.body.toString()).toBe(UNICODE);
    // The app counted characters; the result says bytes.
    expect(values(res, 'content-length')).toEqual([String(body.length)]);
    expect(Object.values((result.headers ?? result.multiValueHeaders) as object).flat()).toContain(String(body.length));
  });

  it('several Set-Cookie values: as many as the format can carry, never folded into one header', async () => {
    const { result, res } = await call({ rawPath: '/cookies' });
    const all = ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT', 'c=3; HttpOnly'];
    if (source === 'alb') expect(values(res, 'set-cookie')).toEqual(['c=3; HttpOnly']);
    else expect(values(res, 'set-cookie')).toEqual(all);
    if (source === 'apiGatewayV2' || source === 'functionUrl') {
      expect(result.cookies).toEqual(all);
      expect(result.headers).not.toHaveProperty('set-cookie');
    }
    if (source === 'apiGatewayV1') expect(result.multiValueHeaders['set-cookie']).toEqual(all);
  });

  it('header values are strings in the result (a number makes API Gateway answer 502)', async () => {
    const { result, res } = await call({ rawPath: '/number-header' });
    for (const value of Object.values((result.headers ?? {}) as Record<string, unknown>)) expect(typeof value).toBe('string');
    for (const list of Object.values((result.multiValueHeaders ?? {}) as Record<string, unknown[]>)) for (const v of list) expect(typeof v).toBe('string');
    expect(values(res, 'x-count')).toEqual(['42']);
    expect(values(res, 'x-flag').join(', ')).toBe('one, two');
  });

  it('no transfer-encoding in results: a chunked response arrives whole, without framing', async () => {
    const { result, res } = await call({ rawPath: '/chunked' });
    expect(JSON.stringify(result).toLowerCase()).not.toContain('transfer-encoding');
    expect(res.body.toString()).toBe('one,two,three');
  });

  it('compressed bodies: any content-encoding is binary, both ways', async () => {
    const { result, res } = await call({ rawPath: '/gzip' });
    expect(result.isBase64Encoded).toBe(true);
    expect(res.body.equals(GZIPPED)).toBe(true);
    const { res: echoed } = await call({
      method: 'POST',
      rawPath: '/echo',
      headers: [
        ['content-type', 'application/json'],
        ['content-encoding', 'gzip'],
      ],
      body: GZIPPED,
    });
    expect(gunzipSync(readEcho(echoed.body).bytes).equals(gunzipSync(GZIPPED))).toBe(true);
  });

  it('URL-encoded paths reach the app still encoded (%2F stays a character, not a separator)', async () => {
    const { res } = await call({ rawPath: '/echo/caf%C3%A9/a%20b%2Fc', rawQuery: 'q=%26%3D' });
    expect(readEcho(res.body).url).toBe('/echo/caf%C3%A9/a%20b%2Fc?q=%26%3D');
  });

  it('HEAD: no body, but the length of the body a GET would get', async () => {
    const { result, res } = await call({ method: 'HEAD', rawPath: '/binary' });
    expect(result.body).toBe('');
    expect(res.body.length).toBe(0);
    expect(values(res, 'content-length')).toEqual([String(PNG.length)]);
  });

  it('204 and 304 carry no body', async () => {
    const noContent = await call({ rawPath: '/no-content' });
    expect(noContent.result).toMatchObject({ statusCode: 204, body: '' });
    expect(values(noContent.res, 'content-length')).toEqual([]);
    const notModified = await call({ rawPath: '/not-modified' });
    expect(notModified.result).toMatchObject({ statusCode: 304, body: '' });
    expect(values(notModified.res, 'etag')).toEqual(['"v1"']);
  });

  it('repeated request headers and query keys all reach the app', async () => {
    const { res } = await call({
      rawPath: '/echo',
      rawQuery: 'k=1&k=2',
      headers: [
        ['x-tag', 'a'],
        ['x-tag', 'b'],
        ['cookie', 'a=1'],
        ['cookie', 'b=2'],
      ],
    });
    const echo = readEcho(res.body);
    expect(new URL(echo.url, 'http://x').searchParams.getAll('k')).toEqual(source === 'alb' ? ['2'] : ['1', '2']);
    expect(echo.headers.cookie).toBe(source === 'alb' ? 'b=2' : 'a=1; b=2');
    // ALB's default mode keeps the last value; 2.0 joins with ","; Node joins separate lines with ", ".
    const tags = { apiGatewayV2: 'a,b', functionUrl: 'a,b', apiGatewayV1: 'a, b', alb: 'b', albMultiValue: 'a, b' }[source];
    expect(echo.headers['x-tag']).toBe(tags);
  });
});

describe('payload 2.0 specifics', () => {
  it('comma-joined queryStringParameters are ignored: rawQueryString gives exact values', async () => {
    const event = eventFor('apiGatewayV2', request({ rawPath: '/echo', rawQuery: 'tag=a&tag=b%2Cc' })) as Record<string, any>;
    expect(event.queryStringParameters).toEqual({ tag: 'a,b,c' });
    const res = clientView('apiGatewayV2', await handler(event, fakeContext()));
    expect(new URL(readEcho(res.body).url, 'http://x').searchParams.getAll('tag')).toEqual(['a', 'b,c']);
  });

  it('the cookies array goes back into one Cookie header', async () => {
    const event = eventFor('apiGatewayV2', request({ rawPath: '/echo' })) as Record<string, any>;
    event.cookies = ['session=abc', 'theme=dark'];
    const res = clientView('apiGatewayV2', await handler(event, fakeContext()));
    expect(readEcho(res.body).headers.cookie).toBe('session=abc; theme=dark');
  });

  it("HTTP APIs send rawPath decoded: characters that cannot appear in a path are re-encoded, '?' and '#' too", async () => {
    const event = eventFor('apiGatewayV2', request({ rawQuery: 'x=1' })) as Record<string, any>;
    event.rawPath = '/echo/a b/café?#/100%';
    const res = clientView('apiGatewayV2', await handler(event, fakeContext()));
    expect(readEcho(res.body).url).toBe('/echo/a%20b/caf%C3%A9%3F%23/100%25?x=1');
  });
});

describe('ALB specifics', () => {
  it('multi-value mode: the result uses multiValueHeaders only', async () => {
    const result = (await handler(eventFor('albMultiValue', request({ rawPath: '/binary' })), fakeContext())) as Record<string, any>;
    expect(result).not.toHaveProperty('headers');
    expect(result.multiValueHeaders['content-type']).toEqual(['image/png']);
    expect(result.statusDescription).toBe('200 OK');
  });

  it('query values arrive as the client sent them (ALB does not decode them), and are not decoded twice', async () => {
    const res = clientView('alb', await handler(eventFor('alb', request({ rawPath: '/echo', rawQuery: 'q=a%2Bb+c%25' })), fakeContext()));
    expect(readEcho(res.body).url).toBe('/echo?q=a%2Bb+c%25');
  });

  it('the client address is the last X-Forwarded-For hop, and an HTTP listener is not "encrypted"', async () => {
    // The client sent X-Forwarded-For itself (untrusted); ALB appends the address it saw.
    const req = request({
      rawPath: '/echo',
      sourceIp: '203.0.113.50',
      headers: [
        ['x-forwarded-for', '198.51.100.1'],
        ['x-forwarded-proto', 'http'],
      ],
    });
    const event = eventFor('alb', req) as { headers: Record<string, string> };
    expect(event.headers['x-forwarded-for']).toBe('198.51.100.1, 203.0.113.50');
    const echo = readEcho(clientView('alb', await handler(event, fakeContext())).body);
    expect(echo.ip).toBe('203.0.113.50');
    expect(echo.encrypted).toBe(false);
  });
});
