// One server of the pass-through benchmark, in its own process (see passthrough.mjs):
//   node bench/passthrough-server.mjs monolith
//   node bench/passthrough-server.mjs strangler MONOLITH_URL [DIST]   (DIST: another build's dist/ folder, for
//                                                                     before/after runs; default ../dist)
//   node bench/passthrough-server.mjs peer MONOLITH_URL
// Prints `READY <url>` once listening; exits on SIGTERM. Started with an IPC channel, it answers the message `gc`
// with the time its garbage collector has taken so far and how many of those collections were major (mark-compact)
// ones (`{ gcMs, gcCount, majorCount }`, from perf_hooks `gc` entries), which the driver turns into the GC share
// and the major GCs per 1,000 requests of each run.
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [role, upstream, dist] = process.argv.slice(2);
const BODIES = { '1k': Buffer.alloc(1024, 'a'), '64k': Buffer.alloc(64 * 1024, 'b') };

let gcMs = 0;
let gcCount = 0;
let majorCount = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    gcCount++;
    if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorCount++;
  }
}).observe({ entryTypes: ['gc'] });
process.on('message', (message) => {
  if (message === 'gc') process.send?.({ gcMs, gcCount, majorCount });
});

async function monolith() {
  let spanBatches = 0;
  const server = createServer((req, res) => {
    // BENCH_TRACING: strangler exports its spans here (an OTLP/HTTP sink that accepts and drops them).
    if (req.url === '/v1/traces') {
      spanBatches++;
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
      return;
    }
    // The body size is the last path segment (`/1k`, `/off/64k`, `/none/64k`): strangler forwards the path as is.
    const body = BODIES[req.url.slice(req.url.lastIndexOf('/') + 1)] ?? BODIES['1k'];
    req.resume();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Exit normally on SIGTERM (a profiled process writes its profile on exit).
  process.once('SIGTERM', () => {
    if (spanBatches > 0) process.stderr.write(`monolith: received ${spanBatches} OTLP span batches\n`);
    process.exit(0);
  });
  return `http://127.0.0.1:${server.address().port}`;
}

// strangler as `strangler proxy` runs it: createPlanProxy (flag resolver, shadow service, admin plugins, tracing
// when BENCH_TRACING is set), process
// metrics on, stage `off` on a matched route (`/off/*`; `/none/*` matches no route and goes to the monolith as the
// plan's default), logging on (info: one JSON line per request) to a file destination
// (/dev/null; BENCH_LOG names another), from the compiled package. The shadow store is in memory: nothing is
// shadowed at stage off, and the bench must not leave files behind.
async function strangler() {
  const entry = dist === undefined ? new URL('../dist/proxy/index.js', import.meta.url) : pathToFileURL(join(resolve(dist), 'proxy/index.js'));
  const { createPlanProxy, PlanSchema } = await import(entry.href);
  const plan = PlanSchema.parse({
    monolith: { url: upstream },
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    server: { logLevel: 'info' },
    shadow: { store: { path: ':memory:' } },
    routes: [{ id: 'bench', match: { path: '/off/*' }, function: { name: 'bench' }, stage: 'off' }],
    // BENCH_INVENTORY=off: the traffic inventory off (its cost per request is the difference; default on, as in a plan).
    ...(process.env.BENCH_INVENTORY === 'off' ? { inventory: { enabled: false } } : {}),
    // BENCH_TRACING=RATIO: tracing on, spans exported to the monolith process (its /v1/traces sink).
    ...(process.env.BENCH_TRACING ? { tracing: { endpoint: upstream, sampleRatio: Number(process.env.BENCH_TRACING) } } : {}),
  });
  const loaded = { plan, file: '(bench plan)', dir: process.cwd() };
  const proxy = await createPlanProxy(loaded, { logDestination: process.env.BENCH_LOG ?? '/dev/null', processMetrics: true });
  if (process.env.BENCH_LOG_LEVEL) proxy.logger.level = process.env.BENCH_LOG_LEVEL;
  const { url } = await proxy.listen();
  process.once('SIGTERM', () => void proxy.close().then(() => process.exit(0)));
  return url;
}

// The peer: @fastify/http-proxy with its defaults (undici pool via @fastify/reply-from), fastify logger off.
async function peer() {
  const { default: Fastify } = await import('fastify');
  const { default: httpProxy } = await import('@fastify/http-proxy');
  const app = Fastify({ logger: false });
  await app.register(httpProxy, { upstream });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
  return `http://127.0.0.1:${app.server.address().port}`;
}

const roles = { monolith, strangler, peer };
if (!(role in roles) || (role !== 'monolith' && !upstream)) {
  console.error('usage: node bench/passthrough-server.mjs monolith | strangler MONOLITH_URL | peer MONOLITH_URL');
  process.exit(2);
}
const url = await roles[role]();
process.stdout.write(`READY ${url}\n`);
