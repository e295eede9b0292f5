// One server of the pass-through benchmark, in its own process (see passthrough.mjs):
//   node bench/passthrough-server.mjs monolith
//   node bench/passthrough-server.mjs strangler MONOLITH_URL
//   node bench/passthrough-server.mjs peer MONOLITH_URL
// Prints `READY <url>` once listening; exits on SIGTERM.
import { createServer } from 'node:http';

const [role, upstream] = process.argv.slice(2);
const BODIES = { '/1k': Buffer.alloc(1024, 'a'), '/64k': Buffer.alloc(64 * 1024, 'b') };

async function monolith() {
  const server = createServer((req, res) => {
    const body = BODIES[req.url] ?? BODIES['/1k'];
    req.resume();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${server.address().port}`;
}

// strangler as in production: stage `off` on a matched route, logging on (info, one line per request) to a file
// destination (/dev/null), metrics on (they always are), from the compiled package.
async function strangler() {
  const { createProxy, PlanSchema } = await import('../dist/proxy/index.js');
  const plan = PlanSchema.parse({
    monolith: { url: upstream },
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    server: { logLevel: 'info' },
    routes: [{ id: 'bench', match: { path: '/*' }, function: { name: 'bench' }, stage: 'off' }],
  });
  const proxy = createProxy(plan, { logDestination: process.env.BENCH_LOG ?? '/dev/null' });
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

const url = await { monolith, strangler, peer }[role]();
process.stdout.write(`READY ${url}\n`);
