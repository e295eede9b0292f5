/**
 * Shadow traffic benchmarks (`npm run bench:shadow`):
 *
 * 1. Client latency with a slow shadow side. A front server answers every request from a real monolith (HTTP on
 *    127.0.0.1) and hands each answer to the ShadowRunner, whose shadow call sleeps 2 s. Rounds alternate shadowing
 *    off and on (A B B A …, so machine noise hits both alike); the figure is the median client latency of each side.
 *    Target: the same median with and without the sleeping shadow (the client never waits for it).
 * 2. Overload: 20,000 requests against a shadow side that never answers within the test, cap 64. Reports in-flight
 *    peak (≤ cap), skipped count and heap growth (flat: nothing is queued).
 * 3. Comparison cost: compareResponses on a 10 KB JSON body (equal, and with 3 differences).
 *
 * BENCH_ROUNDS (default 10) and BENCH_REQUESTS (per round and side, default 200) tune part 1.
 */
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { RouteSchema } from '../proxy/plan/schema.js';
import { ShadowSettingsSchema } from '../proxy/schemas/shadow.js';
import { compareResponses, compileRules, type CapturedResponse } from '../proxy/shadow/compare/index.js';
import { compileShadowRoute, ShadowRunner, type ShadowCall } from '../proxy/shadow/runner/index.js';
import { ShadowStore } from '../proxy/shadow/store/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);

const route = compileShadowRoute(
  { shadow: ShadowSettingsSchema.parse({}) },
  RouteSchema.parse({ id: 'products', match: { path: '/products/:id' }, function: { name: 'products' }, shadow: { timeoutMs: 10_000 } }),
);
const product = JSON.stringify({ id: 42, name: 'Teapot', price: 19.9, tags: ['kitchen', 'tea'] });
const json = (body: string): CapturedResponse => ({ status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) });

const listen = (server: Server): Promise<number> => new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]!;

function get(agent: Agent, port: number, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    })
      .on('error', reject)
      .end();
  });
}

const sleep =
  (ms: number): ShadowCall =>
  ({ signal }) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(() => resolve(json(product)), ms);
      signal.addEventListener('abort', () => {
        clearTimeout(t);
        reject(signal.reason);
      });
    });

async function clientLatency(): Promise<void> {
  const monolith = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(product));
  const monolithPort = await listen(monolith);
  const upstream = new Agent({ keepAlive: true, maxSockets: 16 });
  const store = ShadowStore.open(':memory:', { maxSamples: 10, retentionDays: 1, flushIntervalMs: 1000 });
  const runner = new ShadowRunner({ store, maxConcurrent: 100_000 });
  let shadowOn = false;
  // The front server: the proxy's shadow path in miniature (answer from the monolith, then hand over the answer).
  const front = createServer(async (req, res) => {
    const body = await get(upstream, monolithPort, req.url ?? '/');
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    if (shadowOn) {
      const d = runner.decide(route, 'GET', 'shadow');
      if (d.shadow) {
        runner.submit({
          route,
          decision: d,
          request: { method: 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.alloc(0), requestId: 'bench' },
          served: { response: json(body.toString()), latencyMs: 1 },
          call: sleep(2_000),
        });
      }
    }
  });
  const frontPort = await listen(front);
  const client = new Agent({ keepAlive: true, maxSockets: 1 });
  const samples: Record<'off' | 'on', number[]> = { off: [], on: [] };
  for (let i = 0; i < 100; i++) await get(client, frontPort, '/products/42'); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const order: ('off' | 'on')[] = round % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
    for (const side of order) {
      shadowOn = side === 'on';
      for (let i = 0; i < REQUESTS; i++) {
        const t = performance.now();
        await get(client, frontPort, '/products/42');
        samples[side].push(performance.now() - t);
      }
    }
  }
  const inFlight = runner.concurrency.peak;
  console.log('## 1. Client latency while the shadow sleeps 2 s');
  console.log(`${ROUNDS} rounds × ${REQUESTS} sequential requests per side, keep-alive; shadow calls in flight at peak: ${inFlight}`);
  console.log('| shadowing | median | p99 |\n| --- | ---: | ---: |');
  for (const side of ['off', 'on'] as const) console.log(`| ${side} | ${median(samples[side]).toFixed(3)} ms | ${p99(samples[side]).toFixed(3)} ms |`);
  console.log(`median difference (on − off): ${(median(samples.on) - median(samples.off)).toFixed(3)} ms\n`);
  await runner.close(100);
  store.close();
  client.destroy();
  upstream.destroy();
  await new Promise((r) => front.close(r));
  await new Promise((r) => monolith.close(r));
}

async function overload(): Promise<void> {
  const store = ShadowStore.open(':memory:', { maxSamples: 10, retentionDays: 1, flushIntervalMs: 1000 });
  const runner = new ShadowRunner({ store, maxConcurrent: 64 });
  const call = sleep(60_000);
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const N = 20_000;
  for (let i = 0; i < N; i++) {
    const d = runner.decide(route, 'GET', 'shadow');
    if (d.shadow) {
      runner.submit({
        route,
        decision: d,
        request: { method: 'GET', url: '/products/42', headers: {}, body: Buffer.alloc(0), requestId: `r${i}` },
        served: { response: json(product), latencyMs: 1 },
        call,
      });
    }
    if (i % 1000 === 0) await new Promise((r) => setImmediate(r));
  }
  global.gc?.();
  const after = process.memoryUsage().heapUsed;
  const skipped = store.stats('products')[0]!.skipped.cap ?? 0;
  console.log('## 2. Overload: shadow side never answers, cap 64');
  console.log(`| requests | in flight (peak) | skipped (cap) | heap growth |\n| ---: | ---: | ---: | ---: |`);
  console.log(`| ${N} | ${runner.concurrency.peak} | ${skipped} | ${((after - before) / 1024 / 1024).toFixed(1)} MiB |\n`);
  await runner.close(100);
  store.close();
}

function comparisonCost(): void {
  const items = Array.from({ length: 60 }, (_, i) => ({ id: i, sku: `SKU-${i}`, price: i * 1.5, updatedAt: new Date(0).toISOString(), tags: ['a', 'b'] }));
  const a = json(JSON.stringify({ items, total: 60 }));
  const changed = structuredClone(items);
  changed[3]!.price = 99;
  changed[10]!.sku = 'x';
  changed[59]!.tags = ['b'];
  const b = json(JSON.stringify({ items: changed, total: 60 }));
  const rules = compileRules({ ...route.config.compare, ignore: ['$.items[*].updatedAt'] });
  console.log(`## 3. Comparison cost (${a.body.length} bytes of JSON, ignore rule with a wildcard)`);
  console.log('| case | ops/s | mean |\n| --- | ---: | ---: |');
  for (const [name, other] of [
    ['equal', a],
    ['3 differences', b],
  ] as const) {
    const n = 2_000;
    for (let i = 0; i < 200; i++) compareResponses(a, other, rules);
    const t = performance.now();
    for (let i = 0; i < n; i++) compareResponses(a, other, rules);
    const ms = (performance.now() - t) / n;
    console.log(`| ${name} | ${Math.round(1000 / ms).toLocaleString('en-US')} | ${(ms * 1000).toFixed(1)} µs |`);
  }
}

await clientLatency();
await overload();
comparisonCost();
