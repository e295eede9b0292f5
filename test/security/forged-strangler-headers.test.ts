import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { send, tempDir, testPlan, waitFor, type TempDir } from '../helpers/index.js';
import { metricValue, startLambdaProxy, type LambdaProxy } from '../helpers/lambda-proxy.js';

/**
 * Guards: only the proxy speaks `x-strangler-*`. A client's `x-strangler-*` request headers are stripped before
 * either side sees them (a forged `x-strangler-shadow: 1` made a dry-run function skip a real write while the client
 * was told it succeeded), logged on the request line and counted; the proxy's own marker still reaches shadow calls.
 * A function (or the monolith) cannot set `x-strangler-*` response headers: the client sees only the proxy's.
 */
interface Probe {
  method: string;
  path: string;
  headers: Record<string, string>;
  clientContext: { custom?: Record<string, string> } | null;
  wrote?: boolean;
}

const FORGED = { 'x-strangler-shadow': '1', 'X-Strangler-Route': 'evil', 'x-strangler-anything': 'z' };

let dir: TempDir;
let sys: LambdaProxy;
let wss: WebSocketServer;
let url: string;
let adminUrl: string;

beforeAll(async () => {
  dir = tempDir('strangler-forged-');
  sys = await startLambdaProxy({
    functions: [{ name: 'probe', handler: 'header-probe.handler', timeout: 5, environment: { RECORD_FILE: dir.path('probe.jsonl') } }],
    // The monolith echoes what it got; `?forge=1` also answers the proxy's own response headers.
    monolith: (req, res) => {
      req.resume();
      req.on('end', () => {
        const forged = req.url?.includes('forge=1')
          ? { 'x-strangler-fallback': 'STRANGLER_LAMBDA_TIMEOUT', 'x-strangler-served-by': 'lambda', 'X-Strangler-Debug': 'on' }
          : {};
        res.writeHead(200, { 'content-type': 'application/json', ...forged }).end(JSON.stringify({ headers: req.headers }));
      });
    },
    plan: ({ monolith, lambda }) =>
      testPlan({
        monolith: { url: monolith },
        lambda: { endpoint: lambda },
        shadow: { store: { path: ':memory:' } },
        routes: [
          { id: 'off-route', match: { path: '/off' }, function: { name: 'probe' }, stage: 'off' },
          { id: 'live-route', match: { path: '/live' }, function: { name: 'probe' }, stage: 'live' },
          { id: 'shadow-route', match: { path: '/shadowed' }, function: { name: 'probe' }, stage: 'shadow' },
        ],
      }),
  });
  ({ url, adminUrl } = sys);
  // WebSocket handshakes pass the front door too: the monolith tells what its handshake carried.
  wss = new WebSocketServer({ server: sys.mono.server, path: '/ws' });
  wss.on('connection', (socket, req) => socket.send(JSON.stringify(req.headers)));
});
afterAll(async () => {
  wss?.close();
  await sys?.close();
  dir?.remove();
});

const probes = (): Probe[] => {
  const file = dir.path('probe.jsonl');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Probe)
    : [];
};
const stranglerNames = (headers: Record<string, unknown>): string[] => Object.keys(headers).filter((h) => h.toLowerCase().startsWith('x-strangler-'));

const strippedCount = (header: string): Promise<number> => metricValue(adminUrl, 'strangler_stripped_headers_total', `header="${header}"`);

describe('inbound x-strangler-* headers are stripped before either side sees them', () => {
  it('off: the monolith gets none; the request line names them and the metric counts them', async () => {
    const [shadowBefore, otherBefore] = [await strippedCount('x-strangler-shadow'), await strippedCount('other')];
    const res = await send(`${url}/off`, { headers: { ...FORGED, 'x-request-id': 'forged-off' } });
    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-served-by']).toBe('monolith');
    const seen = sys.mono.requests.find((r) => r.headers['x-request-id'] === 'forged-off')!;
    expect(stranglerNames(seen.headers)).toEqual([]);
    // Positive control: other client headers still arrive.
    expect(seen.headers['x-request-id']).toBe('forged-off');
    const line = await sys.logs.waitFor((l) => l.msg === 'request' && l.requestId === 'forged-off');
    expect(line).toMatchObject({ level: 30, status: 200, routeId: 'off-route' });
    expect([...(line.strippedHeaders as string[])].sort()).toEqual(['x-strangler-anything', 'x-strangler-route', 'x-strangler-shadow']);
    expect(await strippedCount('x-strangler-shadow')).toBe(shadowBefore + 1);
    // x-strangler-route is ours too; x-strangler-anything is not a name strangler uses: labelled `other`.
    expect(await strippedCount('other')).toBe(otherBefore + 1);
  });

  it('live POST: the function sees no marker, so a dry-run function really writes', async () => {
    const res = await send(`${url}/live`, {
      method: 'POST',
      headers: { ...FORGED, 'content-type': 'application/json', 'x-request-id': 'forged-live' },
      body: '{"order":1}',
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
    const body = res.json<Probe>();
    expect(body.wrote).toBe(true);
    expect(stranglerNames(body.headers)).toEqual([]);
    expect(body.clientContext?.custom?.['x-strangler-shadow']).toBeUndefined();
    expect(body.headers['x-request-id']).toBe('forged-live');
    const line = await sys.logs.waitFor((l) => l.msg === 'request' && l.requestId === 'forged-live');
    expect(line.strippedHeaders).toEqual(expect.arrayContaining(['x-strangler-shadow']));
  });

  it('shadow: the monolith gets none; the function gets the proxy’s own marker (headers and client context), not the client’s others', async () => {
    const before = probes().length;
    const res = await send(`${url}/shadowed`, { headers: { ...FORGED, 'x-request-id': 'forged-shadow' } });
    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-served-by']).toBe('monolith');
    const seen = sys.mono.requests.find((r) => r.headers['x-request-id'] === 'forged-shadow')!;
    expect(stranglerNames(seen.headers)).toEqual([]);
    const shadow = await waitFor(
      () =>
        probes()
          .slice(before)
          .find((p) => p.headers['x-request-id'] === 'forged-shadow'),
      { what: 'the shadow invocation' },
    );
    expect(shadow.method).toBe('GET');
    expect(stranglerNames(shadow.headers)).toEqual(['x-strangler-shadow']);
    expect(shadow.headers['x-strangler-shadow']).toBe('1');
    expect(shadow.clientContext?.custom?.['x-strangler-shadow']).toBe('1');
  });

  it('live GET: the monolith’s shadow copy carries the proxy’s marker and nothing the client forged', async () => {
    const res = await send(`${url}/live`, { headers: { ...FORGED, 'x-request-id': 'forged-live-get' } });
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
    const copy = await waitFor(() => sys.mono.requests.find((r) => r.headers['x-request-id'] === 'forged-live-get'), { what: 'the monolith shadow call' });
    expect(stranglerNames(copy.headers)).toEqual(['x-strangler-shadow']);
    expect(copy.headers['x-strangler-shadow']).toBe('1');
  });

  it('a WebSocket handshake: the monolith gets none, the handshake line names them', async () => {
    const client = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers: { ...FORGED, 'x-request-id': 'forged-ws' } });
    try {
      const handshake = JSON.parse(String(await new Promise((resolve, reject) => client.once('message', resolve).once('error', reject)))) as Record<
        string,
        string
      >;
      expect(handshake['x-request-id']).toBe('forged-ws');
      expect(stranglerNames(handshake)).toEqual([]);
    } finally {
      client.terminate();
    }
    const line = await sys.logs.waitFor((l) => l.msg === 'request' && l.requestId === 'forged-ws');
    expect(line).toMatchObject({ upgrade: 'websocket', status: 101 });
    expect(line.strippedHeaders).toEqual(expect.arrayContaining(['x-strangler-shadow', 'x-strangler-route', 'x-strangler-anything']));
  });
});

describe('upstreams cannot set x-strangler-* response headers', () => {
  it('a function’s x-strangler-fallback, -served-by, -route, other x-strangler-* and x-request-id are dropped', async () => {
    const res = await send(`${url}/live?forge=1`, { headers: { 'x-request-id': 'forge-fn' } });
    expect(res.status).toBe(200);
    expect(res.json<Probe>().path).toBe('/live');
    const names = res.rawHeaders.filter((_, i) => i % 2 === 0).map((h) => h.toLowerCase());
    expect(names.filter((h) => h.startsWith('x-strangler-')).sort()).toEqual(['x-strangler-route', 'x-strangler-served-by']);
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
    expect(res.headers['x-strangler-route']).toBe('live-route');
    expect(res.headers['x-strangler-fallback']).toBeUndefined();
    expect(res.headers['x-request-id']).toBe('forge-fn');
  });

  it('the monolith’s are dropped too', async () => {
    const res = await send(`${url}/off?forge=1`);
    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-served-by']).toBe('monolith');
    expect(res.headers['x-strangler-fallback']).toBeUndefined();
    expect(res.headers['x-strangler-debug']).toBeUndefined();
  });
});
