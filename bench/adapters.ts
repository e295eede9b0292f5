/**
 * Adapter overhead per invocation, in-process (`npm run bench:adapters`): ours vs serverless-http and
 * @fastify/aws-lambda, each on the same app with the same API Gateway 2.0 events. Three apps, so a framework's own
 * cost never counts as an adapter's: one Express app (ours vs serverless-http), one Fastify app (ours vs
 * @fastify/aws-lambda), one plain Node handler (ours vs serverless-http).
 *
 * Rounds are interleaved (A then B, then B then A...) so machine noise hits both sides alike; the figure is the
 * median of the rounds' means, with p50/p99 over every invocation. Target: ours at least as fast as the other.
 * BENCH_ROUNDS (default 30) and BENCH_ITERATIONS (per round and side, default 1000) tune the run; BENCH_ONLY
 * (`express`, `fastify` or `node`) runs one app.
 */
import awsLambdaFastify from '@fastify/aws-lambda';
import express from 'express';
import Fastify from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import serverless from 'serverless-http';
import { fromExpress, fromFastify, fromNodeHandler, toApiGatewayV2Event, type LambdaHttpRequest } from '../adapters/index.js';
import { fakeContext } from '../test/fixtures/events/context.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 1_000);

const get: LambdaHttpRequest = {
  method: 'GET',
  rawPath: '/products/42',
  rawQuery: 'fields=name,price&lang=en',
  headers: [
    ['host', 'shop.example.com'],
    ['user-agent', 'bench/1.0'],
    ['accept', 'application/json'],
    ['accept-encoding', 'gzip, deflate, br'],
    ['cookie', 'session=abc; theme=dark'],
    ['x-forwarded-for', '203.0.113.9'],
  ],
  body: undefined,
  sourceIp: '203.0.113.9',
  requestId: 'req-1',
  routeKey: 'GET /products/{id}',
  pathParameters: { id: '42' },
  timeEpoch: 1_700_000_000_000,
};
const post: LambdaHttpRequest = {
  ...get,
  method: 'POST',
  rawPath: '/orders',
  rawQuery: '',
  headers: [...(get.headers as [string, string][]), ['content-type', 'application/json']],
  body: Buffer.from(JSON.stringify({ sku: 'p-42', quantity: 2, note: 'deliver after 6pm — thanks' })),
  routeKey: 'POST /orders',
  pathParameters: {},
};
// Built once and reused: the benchmark measures the adapters, not our encoder nor a deep copy (serverless-http's
// in-place event clean-up is idempotent, @fastify/aws-lambda does not touch the event).
const EVENTS = [
  ['GET /products/42', toApiGatewayV2Event(get)],
  ['POST /orders (JSON body, Set-Cookie)', toApiGatewayV2Event(post)],
] as const;

const product = { id: '42', name: 'Teapot', price: 1999, tags: ['kitchen', 'tea'] };

function expressApp(): express.Express {
  const app = express();
  app.use(express.json());
  app.get('/products/:id', (req, res) => void res.json({ ...product, id: req.params.id, lang: req.query.lang }));
  app.post(
    '/orders',
    (req, res) =>
      void res
        .status(201)
        .cookie('last-order', 'o-1')
        .json({ ok: true, order: req.body as unknown }),
  );
  return app;
}

function fastifyApp(): ReturnType<typeof Fastify> {
  const app = Fastify();
  app.get<{ Params: { id: string }; Querystring: { lang?: string } }>('/products/:id', async (req) => ({
    ...product,
    id: req.params.id,
    lang: req.query.lang,
  }));
  app.post('/orders', async (req, reply) => {
    void reply.code(201).header('set-cookie', 'last-order=o-1');
    return { ok: true, order: req.body };
  });
  return app;
}

function nodeHandler(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET') {
    const body = JSON.stringify(product);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    res.statusCode = 201;
    res.setHeader('content-type', 'application/json');
    res.setHeader('set-cookie', 'last-order=o-1');
    res.end(Buffer.concat(chunks));
  });
}

type Invoke = (event: unknown) => Promise<unknown>;
const GROUPS: { app: string; ours: [string, Invoke]; theirs: [string, Invoke] }[] = [
  {
    app: 'Express app',
    ours: [
      'strangler fromExpress',
      (
        (h) => (e: unknown) =>
          h(e, fakeContext())
      )(fromExpress(expressApp())),
    ],
    theirs: [
      'serverless-http',
      (
        (h) => (e: unknown) =>
          h(e as object, fakeContext())
      )(serverless(expressApp())),
    ],
  },
  {
    app: 'Fastify app',
    ours: [
      'strangler fromFastify',
      (
        (h) => (e: unknown) =>
          h(e, fakeContext())
      )(fromFastify(fastifyApp())),
    ],
    theirs: [
      '@fastify/aws-lambda',
      (
        (h) => (e: unknown) =>
          h(e as never, fakeContext())
      )(awsLambdaFastify(fastifyApp())),
    ],
  },
  {
    app: 'Node handler',
    ours: [
      'strangler fromNodeHandler',
      (
        (h) => (e: unknown) =>
          h(e, fakeContext())
      )(fromNodeHandler(nodeHandler)),
    ],
    theirs: [
      'serverless-http',
      (
        (h) => (e: unknown) =>
          h(e as object, fakeContext())
      )(serverless(nodeHandler)),
    ],
  },
];

/** Runs `n` invocations, recording each one's latency; returns the round's mean in µs. */
async function round(invoke: Invoke, event: unknown, n: number, samples: number[]): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await invoke(event);
    samples.push(performance.now() - t);
  }
  return ((performance.now() - start) * 1000) / n;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const pct = (xs: number[], p: number): number => {
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const us = (ms: number): string => (ms * 1000).toFixed(1);

const rows: string[] = [];
const verdicts: string[] = [];
const only = process.env.BENCH_ONLY?.toLowerCase();
for (const group of GROUPS.filter((g) => only === undefined || g.app.toLowerCase().startsWith(only))) {
  for (const [name, event] of EVENTS) {
    // Every side must work before it is timed (and warm up its JIT and, for Fastify, ready()).
    for (let i = 0; i < 1_000; i++) {
      await group.ours[1](event);
      await group.theirs[1](event);
    }
    const means: [number[], number[]] = [[], []];
    const samples: [number[], number[]] = [[], []];
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? [0, 1] : [1, 0];
      for (const side of order) means[side]!.push(await round([group.ours, group.theirs][side]![1], event, ITERATIONS, samples[side]!));
    }
    const [ours, theirs] = [median(means[0]), median(means[1])];
    for (const side of [0, 1] as const) {
      const mean = side === 0 ? ours : theirs;
      rows.push(
        `| ${group.app} | ${name} | ${[group.ours, group.theirs][side]![0]} | ${Math.round(1e6 / mean).toLocaleString('en-US')} | ${mean.toFixed(1)} | ${us(pct(samples[side], 50))} | ${us(pct(samples[side], 99))} |`,
      );
    }
    verdicts.push(
      `- ${group.app}, ${name}: ours ${(theirs / ours).toFixed(2)}x the speed of ${group.theirs[0]} → ${ours <= theirs ? 'target met' : 'TARGET MISSED'}`,
    );
  }
}

console.log(`Adapter overhead per invocation (Node ${process.version}, ${ROUNDS} interleaved rounds x ${ITERATIONS} invocations per side)\n`);
console.log('| app | event | adapter | invocations/s | mean µs | p50 µs | p99 µs |');
console.log('| --- | --- | --- | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
console.log(`\n${verdicts.join('\n')}`);
