import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { forwardRequestHeaders, forwardResponseHeaders, upstreamPath } from '../../../proxy/http/headers.js';
import { deferred, echoHandler, send, startProxy, startUpstream, testPlan, type RunningProxy, type Upstream } from '../../helpers/index.js';

const info = { remoteAddress: '10.0.0.9', proto: 'http', requestId: 'rid', hostOverride: undefined };

describe('forwardRequestHeaders (pure)', () => {
  it('drops hop-by-hop fields and every field Connection names (RFC 9110 §7.6.1)', () => {
    const out = forwardRequestHeaders(
      {
        host: 'shop',
        connection: 'keep-alive, X-Secret',
        'x-secret': 'leak',
        'keep-alive': 'timeout=5',
        'proxy-connection': 'keep-alive',
        te: 'trailers',
        upgrade: 'h2c',
        expect: '100-continue',
        accept: 'text/html',
      },
      info,
    );
    expect(out).toEqual({
      host: 'shop',
      accept: 'text/html',
      'x-forwarded-for': '10.0.0.9',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'shop',
      'x-request-id': 'rid',
    });
  });

  it('appends to X-Forwarded-* a previous proxy sent', () => {
    const out = forwardRequestHeaders({ host: 'inner', 'x-forwarded-for': '1.1.1.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example' }, info);
    expect(out['x-forwarded-for']).toBe('1.1.1.1, 10.0.0.9');
    expect(out['x-forwarded-proto']).toBe('https, http');
    expect(out['x-forwarded-host']).toBe('shop.example, inner');
  });

  it('leaves the body framing to the next hop, and sets Host when preserveHost is off', () => {
    const out = forwardRequestHeaders({ host: 'shop', 'transfer-encoding': 'gzip, chunked' }, { ...info, hostOverride: '127.0.0.1:3000' });
    expect(out['transfer-encoding']).toBeUndefined();
    expect(out.host).toBe('127.0.0.1:3000');
    expect(out['x-forwarded-host']).toBe('shop');
  });

  it('keeps the upgrade handshake fields for WebSockets', () => {
    const out = forwardRequestHeaders({ connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': 'k' }, { ...info, upgrade: true });
    expect(out).toMatchObject({ connection: 'upgrade', upgrade: 'websocket', 'sec-websocket-key': 'k' });
  });
});

describe('upstreamPath (pure)', () => {
  it('keeps the (already normalised) target byte for byte under the monolith URL’s path', () => {
    expect(upstreamPath('/', '/a//b?x=1')).toBe('/a//b?x=1');
    expect(upstreamPath('/app', '/a?x=1')).toBe('/app/a?x=1');
    expect(upstreamPath('/app/', '/a')).toBe('/app/a');
  });
});

describe('forwardResponseHeaders (pure)', () => {
  it('drops hop-by-hop fields, named fields, Trailer and the proxy’s own headers; keeps case and repeats', () => {
    const out = forwardResponseHeaders(
      [
        'Content-Type',
        'text/plain',
        'Connection',
        'keep-alive, X-Internal',
        'X-Internal',
        '1',
        'Keep-Alive',
        'timeout=5',
        'Transfer-Encoding',
        'chunked',
        'Trailer',
        'x-checksum',
        'Set-Cookie',
        'a=1',
        'Set-Cookie',
        'b=2',
        'X-Request-Id',
        'from-monolith',
      ],
      ['x-request-id', 'rid'],
    );
    expect(out).toEqual(['Content-Type', 'text/plain', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'x-request-id', 'rid']);
  });
});

describe('headers through the proxy', () => {
  let mono: Upstream;
  let running: RunningProxy | undefined;

  afterEach(async () => {
    await running?.close();
    running = undefined;
    await mono?.close();
  });

  it('sends the monolith X-Forwarded-*, the client’s Host, and no hop-by-hop fields', async () => {
    mono = await startUpstream(echoHandler);
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    const res = await send(`${running.url}/x`, {
      headers: { host: 'shop.example', connection: 'x-secret', 'x-secret': 'leak', te: 'trailers', 'keep-alive': '300', 'x-forwarded-for': '203.0.113.7' },
    });
    const seen = res.json<{ headers: Record<string, string> }>().headers;
    expect(seen.host).toBe('shop.example');
    expect(seen['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe('shop.example');
    expect(seen['x-secret']).toBeUndefined();
    expect(seen.te).toBeUndefined();
    expect(seen['keep-alive']).toBeUndefined();
    // The proxy's own connection to the monolith is kept alive (its pool), whatever the client said.
    expect(seen.connection).toBe('keep-alive');
  });

  it('frames a chunked upload chunked and a sized one with its Content-Length, bodies intact', async () => {
    const seen: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
    const headArrived = deferred();
    mono = await startUpstream((req, res) => {
      headArrived.resolve();
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.end('ok');
      });
    });
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${running!.url}/up`, { method: 'POST', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.write('part one, ');
      // The rest only once the monolith has the request head: an upload that had already ended when the proxy
      // wrote the head could be framed with its now-known length instead (undici measures an ended stream).
      void headArrived.promise.then(() => req.end('part two'));
    });
    expect(chunked).toBe(200);
    expect((await send(`${running.url}/up`, { method: 'PUT', body: 'sized body' })).status).toBe(200);
    expect(seen[0]!.headers['transfer-encoding']).toBe('chunked');
    expect(seen[0]!.headers['content-length']).toBeUndefined();
    expect(seen[0]!.body).toBe('part one, part two');
    expect(seen[1]!.headers['content-length']).toBe('10');
    expect(seen[1]!.headers['transfer-encoding']).toBeUndefined();
    expect(seen[1]!.body).toBe('sized body');
  });

  it('passes only the final answer when the monolith sends 103 Early Hints first', async () => {
    mono = await startUpstream((_req, res) => {
      res.writeEarlyHints({ link: '</app.css>; rel=preload; as=style' });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('final');
    });
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    const res = await send(`${running.url}/hints`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('final');
  });

  it('sends the monolith URL’s host when monolith.preserveHost is false', async () => {
    mono = await startUpstream(echoHandler);
    running = await startProxy(testPlan({ monolith: { url: mono.url, preserveHost: false } }));
    const res = await send(`${running.url}/x`, { headers: { host: 'shop.example' } });
    expect(res.json<{ headers: Record<string, string> }>().headers.host).toBe(`127.0.0.1:${mono.port}`);
  });

  it('gives the client the monolith’s headers minus hop-by-hop ones, with repeated Set-Cookie intact', async () => {
    mono = await startUpstream((_req, res) => {
      res.writeHead(
        201,
        'Made It',
        [
          ['Content-Type', 'text/plain'],
          ['Connection', 'X-Internal'],
          ['X-Internal', 'secret'],
          ['Proxy-Connection', 'keep-alive'],
          ['Set-Cookie', 'a=1'],
          ['Set-Cookie', 'b=2'],
        ].flat(),
      );
      res.end('ok');
    });
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    const res = await send(`${running.url}/x`);
    expect(res.status).toBe(201);
    expect(res.text).toBe('ok');
    expect(res.headers['x-internal']).toBeUndefined();
    expect(res.headers['proxy-connection']).toBeUndefined();
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(res.rawHeaders).toContain('Content-Type');
  });
});
