import type { IncomingHttpHeaders } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closedPort, logSink, startProxy, startUpstream, testPlan, type LogSink, type RunningProxy, type Upstream } from '../../helpers/index.js';
import { startLambdaBench, type LambdaBench } from './helpers.js';

// `writes: dual` routes follow LaunchDarkly's write order: the authoritative side answers the client, then the
// other side gets the same write; its result is logged and counted, never returned.
interface Seen {
  method: string;
  url: string;
  body: string;
  headers: IncomingHttpHeaders;
}

let bench: LambdaBench;
let monolith: Upstream;
const seen: Seen[] = [];
let running: RunningProxy;
let logs: LogSink;

beforeAll(async () => {
  bench = await startLambdaBench();
  monolith = await startUpstream((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString(), headers: req.headers });
      const code = /code=(\d+)/.exec(req.url ?? '')?.[1];
      res.writeHead(code === undefined ? 201 : Number(code), { 'content-type': 'text/plain' }).end(`monolith ${req.method} ${req.url}`);
    });
  });
  const route = (id: string, stage: string, writes: 'single' | 'dual') => ({
    id,
    match: { path: `/${id}` },
    function: { name: 'routing' },
    stage: stage as 'live',
    writes,
  });
  logs = logSink();
  running = await startProxy(
    testPlan({
      monolith: { url: monolith.url },
      lambda: { endpoint: bench.endpoint },
      routes: [
        route('dualwrite', 'dualwrite', 'dual'),
        route('live-dual', 'live', 'dual'),
        route('live-single', 'live', 'single'),
        route('shadow-dual', 'shadow', 'dual'),
      ],
    }),
    { logDestination: logs.stream },
  );
}, 60_000);

afterAll(async () => {
  await running?.close();
  await monolith?.close();
  await bench?.close();
});

beforeEach(() => {
  seen.length = 0;
});

const secondWrites = (requestId: string) => logs.waitFor((l) => l.event === 'second-write' && l.requestId === requestId, 10_000);

async function metric(name: string, labels: string): Promise<number> {
  const text = (await request(running.adminUrl).get('/metrics')).text;
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('dual writes', () => {
  it('dualwrite: the monolith answers the write, then the function gets it; the client only sees the monolith', async () => {
    const before = bench.invocations().length;
    const res = await request(running.url)
      .post('/dualwrite?x=1')
      .set('x-request-id', 'dw-1')
      .set('content-type', 'application/json')
      .send({ sku: 'A-1' })
      .expect(201);
    expect(res.text).toBe('monolith POST /dualwrite?x=1');
    expect(res.headers['x-strangler-served-by']).toBe('monolith');
    const line = await secondWrites('dw-1');
    expect(line).toMatchObject({ msg: 'second write', routeId: 'dualwrite', side: 'lambda', status: 200, stage: 'dualwrite' });
    expect(bench.invocations().slice(before)).toEqual(['POST /dualwrite']);
    expect(await metric('strangler_second_writes_total', 'route="dualwrite",side="lambda",outcome="ok"')).toBe(1);
  });

  it('shadow stage on a dual route: writes go to the monolith first, then the function', async () => {
    const before = bench.invocations().length;
    await request(running.url).put('/shadow-dual').set('x-request-id', 'sd-1').send('payload').expect(201);
    expect(await secondWrites('sd-1')).toMatchObject({ side: 'lambda', status: 200 });
    expect(bench.invocations().slice(before)).toEqual(['PUT /shadow-dual']);
  });

  it('live: the function answers the write, then the monolith gets the same request, unmarked', async () => {
    const res = await request(running.url).post('/live-dual').set('x-request-id', 'ld-1').set('content-type', 'application/json').send({ qty: 2 }).expect(200);
    expect(res.headers['x-strangler-served-by']).toBe('lambda');
    expect(JSON.parse(res.text)).toMatchObject({ method: 'POST', path: '/live-dual' });
    const line = await secondWrites('ld-1');
    expect(line).toMatchObject({ msg: 'second write', side: 'monolith', status: 201 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/live-dual', body: '{"qty":2}' });
    expect(seen[0]!.headers['x-request-id']).toBe('ld-1');
    expect(seen[0]!.headers['x-strangler-shadow']).toBeUndefined();
  });

  it('a write the authoritative side refused is not repeated on the other side', async () => {
    await request(running.url).post('/live-dual?action=status&code=422').set('x-request-id', 'ld-2').send('x').expect(422);
    const line = await secondWrites('ld-2');
    expect(line).toMatchObject({ msg: 'second write skipped', side: 'monolith', authoritativeStatus: 422 });
    expect(seen).toHaveLength(0);
    expect(await metric('strangler_second_writes_total', 'route="live-dual",side="monolith",outcome="skipped"')).toBeGreaterThanOrEqual(1);
  });

  it('a failing second write never reaches the client: logged and counted as failed', async () => {
    const res = await request(running.url).post('/dualwrite?action=throw').set('x-request-id', 'dw-2').send('x').expect(201);
    expect(res.text).toBe('monolith POST /dualwrite?action=throw');
    const line = await secondWrites('dw-2');
    expect(line).toMatchObject({ msg: 'second write failed', side: 'lambda', errorCode: 'STRANGLER_LAMBDA_FUNCTION_ERROR' });
    expect(await metric('strangler_second_writes_total', 'route="dualwrite",side="lambda",outcome="failed"')).toBe(1);
  });

  it('single-write routes and reads get no second write', async () => {
    await request(running.url).post('/live-single').set('x-request-id', 'ls-1').send('x').expect(200);
    await request(running.url).get('/dualwrite').set('x-request-id', 'dw-read').expect(201);
    // Positive control: a dual write sent after both gets its second write. One wrongly started for the two
    // requests above would have started earlier and been logged by the time this one is.
    await request(running.url).post('/dualwrite').set('x-request-id', 'dw-ctrl').send('x').expect(201);
    expect(await secondWrites('dw-ctrl')).toMatchObject({ msg: 'second write', side: 'lambda' });
    expect(logs.filter((l) => l.event === 'second-write' && (l.requestId === 'ls-1' || l.requestId === 'dw-read'))).toEqual([]);
    expect(seen.filter((s) => s.url === '/live-single')).toHaveLength(0);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /dualwrite', 'POST /dualwrite']);
  });

  it("a monolith that is down for the second write: the client keeps the function's answer, the failure is coded", async () => {
    const sink = logSink();
    const port = await closedPort();
    const down = await startProxy(
      testPlan({
        monolith: { url: `http://127.0.0.1:${port}` },
        lambda: { endpoint: bench.endpoint },
        routes: [{ id: 'live-dual', match: { path: '/live-dual' }, function: { name: 'routing' }, stage: 'live', writes: 'dual' }],
      }),
      { logDestination: sink.stream },
    );
    try {
      const res = await request(down.url).post('/live-dual').set('x-request-id', 'ld-down').send('x').expect(200);
      expect(res.headers['x-strangler-served-by']).toBe('lambda');
      const line = await sink.waitFor((l) => l.event === 'second-write' && l.requestId === 'ld-down', 10_000);
      expect(line).toMatchObject({ msg: 'second write failed', side: 'monolith', errorCode: 'STRANGLER_MONOLITH_UNAVAILABLE', status: null });
    } finally {
      await down.close();
    }
  });
});
