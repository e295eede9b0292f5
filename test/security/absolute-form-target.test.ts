import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningProxy } from '../helpers/index.js';
import { startLambdaBench, type LambdaBench } from '../proxy/targets/helpers.js';

// Issue 16 item 5: `GET http://shop.example/products/7 HTTP/1.1` matched the route, but the Lambda event's rawPath
// was the whole URL and the function answered 404. The target is reduced to origin form for both sides, and its
// authority becomes the Host header (RFC 9112 §3.2.2).

/** Writes `head` on a raw socket and resolves the whole response (the request asks for `Connection: close`). */
function raw(base: string, head: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (text += c));
    socket.on('error', reject);
    socket.on('end', () => {
      const [top, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = top!.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
      const body = rest.join('\r\n\r\n');
      // The body is chunked or has a length: take the JSON or text between the chunk markers.
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: headers['transfer-encoding'] === 'chunked' ? dechunk(body) : body });
    });
  });
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

const request = (target: string): string => `GET ${target} HTTP/1.1\r\nHost: proxy.internal\r\nConnection: close\r\n\r\n`;

let bench: LambdaBench;
let live: RunningProxy;
let off: RunningProxy;
beforeAll(async () => {
  bench = await startLambdaBench();
  const routes = (stage: 'live' | 'off') => [
    { id: 'catalog-detail', match: { methods: ['GET' as const], path: '/products/:id' }, function: { name: 'routing' }, stage },
  ];
  live = await bench.proxy(routes('live'));
  off = await bench.proxy(routes('off'));
});
afterAll(async () => {
  await bench?.close();
});

describe('absolute-form request target', () => {
  it('the Lambda event gets the origin-form rawPath and query, and the target’s host', async () => {
    const res = await raw(live.url, request('http://shop.example/products/7?color=red'));
    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
    const event = JSON.parse(res.body) as { path: string; rawQueryString: string; pathParameters: unknown; headers: Record<string, string> };
    expect(event).toMatchObject({ path: '/products/7', rawQueryString: 'color=red', pathParameters: { id: '7' } });
    expect(event.headers.host).toBe('shop.example');
    const line = await live.logs.waitFor((l) => l.originalPath === 'http://shop.example/products/7');
    expect(line).toMatchObject({ path: '/products/7', routeId: 'catalog-detail' });
  });

  it('the monolith gets the origin-form target and the target’s host', async () => {
    const res = await raw(off.url, request('http://shop.example:8080/products/7?color=red'));
    expect(res.status).toBe(200);
    expect(res.body).toBe('monolith GET /products/7?color=red');
    const seen = bench.monolith.requests.at(-1)!;
    expect(seen.url).toBe('/products/7?color=red');
    expect(seen.headers.host).toBe('shop.example:8080');
  });

  it('is normalised like any other path (dot segments, case), and an unmatched one reaches the monolith in origin form', async () => {
    const matched = await raw(live.url, request('http://shop.example/x/../PRODUCTS/8'));
    expect(JSON.parse(matched.body)).toMatchObject({ path: '/PRODUCTS/8' });
    const unmatched = await raw(live.url, request('https://shop.example'));
    expect(unmatched.body).toBe('monolith GET /');
  });

  it('a target that is neither a path nor an absolute URL never reaches a side (node’s parser refuses it: 400)', async () => {
    const before = bench.monolith.requests.length;
    const lambdaBefore = bench.invocations().length;
    const res = await raw(live.url, request('products/7'));
    expect(res.status).toBe(400);
    expect(bench.monolith.requests.length).toBe(before);
    expect(bench.invocations().length).toBe(lambdaBefore);
  });
});
