import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLambdaService, type LambdaService } from '../../../lambda-runtime/index.js';
import { createPlanProxy, type Proxy } from '../../../proxy/index.js';
import { requestFactsOf } from '../../../proxy/routing/facts.js';
import { logSink, sendRaw, startUpstream, tempDir, testPlan, waitFor, type TempDir, type Upstream } from '../../helpers/index.js';

// The live invocation, a shadow copy and a dual write's second write of one request are built by one function from
// the request's facts: the function sees the same event on each path, the shadow's dry-run marker aside.
interface Recorded {
  event: Record<string, unknown> & { headers: Record<string, string>; requestContext: Record<string, unknown> };
  clientContext: unknown;
}

let dir: TempDir;
let lambda: LambdaService;
let monolith: Upstream;
const proxies: Proxy[] = [];

beforeAll(async () => {
  dir = tempDir('strangler-event-parity-');
  lambda = await startLambdaService({
    baseDir: 'test/fixtures/functions',
    functions: [{ name: 'recorder', handler: 'event-record.handler', environment: { RECORD_FILE: dir.path('events.jsonl') } }],
  });
  monolith = await startUpstream((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end('{"created":true}'));
  });
}, 60_000);

afterAll(async () => {
  for (const p of proxies) await p.close();
  await monolith?.close();
  await lambda?.close();
  dir?.remove();
});

/** A proxy whose one route, `POST /items/:id`, is in `stage`. */
async function proxyIn(stage: 'live' | 'shadow' | 'dualwrite'): Promise<string> {
  const plan = testPlan({
    monolith: { url: monolith.url },
    lambda: { endpoint: lambda.endpoint },
    shadow: { store: { path: ':memory:' } },
    routes: [
      {
        id: 'items',
        match: { methods: ['POST'], path: '/items/:id' },
        function: { name: 'recorder' },
        stage,
        // A POST is shadowed only under the dry-run contract; dual writes need `writes: dual`.
        ...(stage === 'shadow' ? { shadow: { unsafe: 'dry-run' as const } } : {}),
        ...(stage === 'dualwrite' ? { writes: 'dual' as const } : {}),
      },
    ],
  });
  const proxy = await createPlanProxy({ plan, file: `${stage}.yaml`, dir: dir.dir }, { logDestination: logSink().stream });
  proxies.push(proxy);
  return (await proxy.listen()).url;
}

/** One HTTP/1.0 request (the protocol must travel into every event), the same bytes on every path. */
function request(requestId: string): string {
  const body = '{"name":"kettle"}';
  return [
    'POST /items/7?colour=red HTTP/1.0',
    'Host: shop.example',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    'X-Forwarded-Proto: https',
    'Cookie: a=1; b=2',
    '',
    body,
  ].join('\r\n');
}

function recorded(requestId: string): Recorded | undefined {
  const file = dir.path('events.jsonl');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  return lines.map((l) => JSON.parse(l) as Recorded).find((r) => r.event.requestContext.requestId === requestId);
}

/** The event without what differs by the clock (`time`, `timeEpoch`). */
function timeless(event: Recorded['event']): Recorded['event'] {
  const copy = structuredClone(event);
  delete copy.requestContext.time;
  delete copy.requestContext.timeEpoch;
  return copy;
}

describe('one Lambda event for live, shadow and second write', () => {
  it('the shadow and second-write events equal the live event, the dry-run marker aside', async () => {
    // prepare: three proxies, the route live in one, shadowed in one, dual-written in one
    const [live, shadow, dual] = [await proxyIn('live'), await proxyIn('shadow'), await proxyIn('dualwrite')];

    // act: the same request through each
    expect((await sendRaw(live, request('parity-live'))).status).toBe(200);
    expect((await sendRaw(shadow, request('parity-shadow'))).status).toBe(201);
    expect((await sendRaw(dual, request('parity-dual'))).status).toBe(201);
    const liveEvent = (await waitFor(() => recorded('parity-live'))).event;
    const shadowed = await waitFor(() => recorded('parity-shadow'), { timeoutMs: 10_000 });
    const secondWrite = (await waitFor(() => recorded('parity-dual'), { timeoutMs: 10_000 })).event;

    // assert: the live event as the function sees it, then the others equal to it
    expect(liveEvent.requestContext).toMatchObject({
      http: { method: 'POST', path: '/items/7', protocol: 'HTTP/1.0', sourceIp: '127.0.0.1' },
      routeKey: 'POST /items/{id}',
    });
    expect(liveEvent).toMatchObject({ rawQueryString: 'colour=red', pathParameters: { id: '7' }, cookies: ['a=1', 'b=2'] });
    expect(liveEvent.headers['x-forwarded-proto']).toBe('https');
    expect(liveEvent.headers['x-strangler-shadow']).toBeUndefined();

    const { 'x-strangler-shadow': marker, ...shadowHeaders } = shadowed.event.headers;
    expect(marker).toBe('1');
    expect(shadowed.clientContext).toMatchObject({ custom: { 'x-strangler-shadow': '1' } });
    const same = (e: Recorded['event'], id: string) => timeless({ ...e, requestContext: { ...e.requestContext, requestId: id } });
    expect(same({ ...shadowed.event, headers: shadowHeaders }, 'x')).toEqual(
      same({ ...liveEvent, headers: { ...liveEvent.headers, 'x-request-id': 'parity-shadow' } }, 'x'),
    );
    expect(same(secondWrite, 'x')).toEqual(same({ ...liveEvent, headers: { ...liveEvent.headers, 'x-request-id': 'parity-dual' } }, 'x'));
  });
});

describe('requestFactsOf', () => {
  it.each([
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['203.0.113.9', '203.0.113.9'],
    ['2001:db8::1', '2001:db8::1'],
    [undefined, ''],
  ])('writes the client address %s as %s, with the protocol the client spoke', (remoteAddress, sourceIp) => {
    const req = { method: 'PUT', url: '/items/7', httpVersion: '2.0', socket: { remoteAddress } } as never;
    const route = testPlan({ monolith: { url: 'http://127.0.0.1:1' }, routes: [{ id: 'items', match: { path: '/items/:id' }, function: { name: 'f' } }] })
      .routes[0]!;
    expect(requestFactsOf(req, 'r-1', route, { id: '7' })).toEqual({
      requestId: 'r-1',
      route,
      params: { id: '7' },
      method: 'PUT',
      url: '/items/7',
      sourceIp,
      protocol: 'HTTP/2.0',
    });
  });
});
