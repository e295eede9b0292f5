import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

/** What the echo app reports about the request it received. */
export interface Echo {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  body: string; // base64, so any bytes survive the JSON
  ip: string | undefined;
  encrypted: boolean;
  lambda: boolean;
}

/** 1x1 transparent PNG: bytes that are not valid UTF-8. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
export const UNICODE = 'héllo wörld ✓ 😀 — 中文';
export const GZIPPED = gzipSync(Buffer.from(JSON.stringify({ compressed: true, text: UNICODE })));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The fixture app every adapter test runs: a plain Node handler with one route per pitfall of
 * docs/lambda-http.md. The same function runs behind a real HTTP server (round trips), inside our
 * adapters and inside serverless-http / @fastify/aws-lambda (differential tests).
 */
export async function fixtureApp(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  switch (url.pathname) {
    case '/binary':
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length });
      res.end(PNG);
      return;
    case '/cookies':
      res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT', 'c=3; HttpOnly']);
      res.setHeader('content-type', 'text/plain');
      res.end('cookies');
      return;
    case '/unicode':
      // Wrong on purpose: the string's length, not its bytes; the adapter must send the byte length.
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(UNICODE.length) });
      res.end(UNICODE);
      return;
    case '/number-header':
      res.setHeader('x-count', 42);
      res.setHeader('x-flag', ['one', 'two']);
      res.setHeader('content-type', 'application/json');
      res.end('{}');
      return;
    case '/chunked':
      res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
      res.write('one,');
      res.write(Buffer.from('two,'));
      setTimeout(() => res.end('three'), 5);
      return;
    case '/gzip':
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': GZIPPED.length });
      res.end(GZIPPED);
      return;
    case '/no-content':
      res.writeHead(204, { 'x-done': 'yes' });
      res.end('ignored');
      return;
    case '/not-modified':
      res.writeHead(304, { etag: '"v1"' });
      res.end();
      return;
    case '/status':
      res.statusCode = Number(url.searchParams.get('code') ?? 200);
      res.setHeader('content-type', 'text/plain');
      res.end(`status ${res.statusCode}`);
      return;
    case '/redirect':
      res.writeHead(302, { location: '/target?x=1' });
      res.end();
      return;
    case '/latin1':
      res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' });
      res.end(Buffer.from('caf\xe9', 'latin1'));
      return;
    case '/csv':
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end('a,b\n1,2\n');
      return;
    case '/empty':
      res.end();
      return;
    default: {
      const body = await readBody(req);
      const echo: Echo = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: body.toString('base64'),
        ip: req.socket.remoteAddress,
        encrypted: Boolean((req.socket as { encrypted?: boolean }).encrypted),
        lambda: req.lambda !== undefined,
      };
      const out = Buffer.from(JSON.stringify(echo));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': out.length });
      res.end(out);
    }
  }
}

/** The echo a handler's result carries (base64 body decoded). */
export function readEcho(body: Buffer): Echo & { bytes: Buffer } {
  const echo = JSON.parse(body.toString('utf8')) as Echo;
  return { ...echo, bytes: Buffer.from(echo.body, 'base64') };
}
