/**
 * `npm run bench:live`: what the proxy adds to a Lambda call. The hello function (test/fixtures/functions/hello.mjs)
 * on the local Lambda service, called two ways at the same concurrency, in interleaved rounds:
 *   - proxy: HTTP GET through the strangler proxy, route in `live` (event build, invoke, result decode, response);
 *   - direct: InvokeCommand with the SDK, the same client settings the proxy uses (keep-alive, maxAttempts 1).
 * Reports req/s, p50 and p99 per side and the ratios. Target: the proxy adds at most 15% over the direct SDK path.
 * BENCH_CONCURRENCY (default 8), BENCH_SECONDS per round (default 5), BENCH_ROUNDS per side (default 3), BENCH_PROXY
 * (`process`, the default: `strangler proxy` in a process of its own with its request log on, as deployed; `inline`:
 * createProxy in this process, request log off), BENCH_SHADOW_SAMPLE (the route's shadow `sampleRate`; default: the
 * plan's default, 1: at `live` every GET is also sent to the monolith and compared, which the direct SDK side does
 * not do; 0 measures the Lambda path alone), BENCH_PROF=proxy (the proxy process runs under `node --cpu-prof`;
 * the profile lands in BENCH_PROF_DIR, default $TMPDIR/strangler-bench-prof).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { startLambdaService } from '../lambda-runtime/index.js';
import { createProxy, PlanSchema } from '../proxy/index.js';
import { stringify } from 'yaml';
import { createLambdaClient } from '../proxy/targets/index.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FUNCTIONS_DIR = fileURLToPath(new URL('../../test/fixtures/functions/', import.meta.url));
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
/**
 * `process` (default): the proxy runs as `strangler proxy` in a process of its own, as in production, with its
 * request log at `info` (to a discarded pipe); `inline`: createProxy in this process, request log off.
 */
const PROXY_MODE = process.env.BENCH_PROXY ?? 'process';
if (PROXY_MODE !== 'process' && PROXY_MODE !== 'inline') throw new Error(`BENCH_PROXY must be process or inline, got "${PROXY_MODE}"`);

/** `strangler proxy --plan FILE` in a child process; resolves its URL once it prints it. */
function startProxyProcess(planFile: string): Promise<{ url: string; child: ChildProcess }> {
  const prof =
    process.env.BENCH_PROF === 'proxy' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF_DIR ?? join(tmpdir(), 'strangler-bench-prof')}`] : [];
  const child = spawn(process.execPath, [...prof, CLI, 'proxy', '--plan', planFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += String(d);
      const m = /strangler proxy\s+(http:\/\/\S+)/.exec(out);
      if (m) {
        // From here on its output (one log line per request) is read and dropped.
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({ url: m[1]!, child });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`strangler proxy exited with ${code}: ${out}`)));
  });
}

interface Round {
  requests: number;
  seconds: number;
  latencies: number[];
  errors: number;
}

/** `CONCURRENCY` callers, each calling `once` back to back for `SECONDS`. */
async function load(once: () => Promise<boolean>): Promise<Round> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const ok = await once().catch(() => false);
        latencies.push(performance.now() - t);
        if (!ok) errors++;
      }
    }),
  );
  return { requests: latencies.length, seconds: (performance.now() - started) / 1000, latencies, errors };
}

function summary(rounds: Round[]): { rps: number; p50: number; p99: number; errors: number } {
  const all = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const pct = (p: number): number => all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))] ?? NaN;
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  return { rps: requests / seconds, p50: pct(50), p99: pct(99), errors: rounds.reduce((n, r) => n + r.errors, 0) };
}

async function main(): Promise<void> {
  const lambda = await startLambdaService({ baseDir: FUNCTIONS_DIR, functions: [{ name: 'hello', handler: 'hello.handler' }], maxInstances: CONCURRENCY * 2 });
  const monolith = createServer((_req, res) => res.end('monolith'));
  await new Promise<void>((resolve) => monolith.listen(0, '127.0.0.1', resolve));
  const input = {
    monolith: { url: `http://127.0.0.1:${(monolith.address() as AddressInfo).port}` },
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    lambda: { endpoint: lambda.endpoint },
    server: { logLevel: PROXY_MODE === 'inline' ? 'warn' : 'info' },
    shadow: { store: { path: ':memory:' } },
    routes: [
      {
        id: 'hello',
        match: { path: '/hello' },
        function: { name: 'hello' },
        stage: 'live',
        ...(process.env.BENCH_SHADOW_SAMPLE !== undefined ? { shadow: { sampleRate: Number(process.env.BENCH_SHADOW_SAMPLE) } } : {}),
      },
    ],
  };
  const plan = PlanSchema.parse(input);
  const dir = mkdtempSync(join(tmpdir(), 'strangler-bench-live-'));
  const planFile = join(dir, 'plan.yaml');
  writeFileSync(planFile, stringify(input));
  let url: string;
  let stopProxy: () => Promise<void>;
  /** The proxy's own process (BENCH_PROXY=process): its CPU time per request is reported. */
  let proxyPid: number | undefined;
  if (PROXY_MODE === 'inline') {
    const proxy = createProxy(plan);
    ({ url } = await proxy.listen());
    stopProxy = () => proxy.close();
  } else {
    const started = await startProxyProcess(planFile);
    url = started.url;
    proxyPid = started.child.pid;
    stopProxy = () =>
      new Promise<void>((resolve) => {
        started.child.once('exit', () => resolve());
        started.child.kill('SIGTERM');
      });
  }
  const target = new URL(`${url}/hello`);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const viaProxy = (): Promise<boolean> =>
    new Promise((resolve, reject) => {
      const req = request({ host: target.hostname, port: target.port, path: target.pathname, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200 && res.headers['x-strangler-served-by'] === 'lambda'));
      });
      req.on('error', reject);
      req.end();
    });
  const client = createLambdaClient(plan.lambda);
  const payload = Buffer.from(JSON.stringify({ version: '2.0', rawPath: '/hello' }));
  const direct = async (): Promise<boolean> => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'hello', Payload: payload }));
    return out.FunctionError === undefined;
  };

  // Warm-up: start the execution environments both sides will use.
  await load(direct);
  await load(viaProxy);
  // CPU seconds of a process from /proc: the helper the pass-through benchmark uses (bench/harness.mjs).
  const { cpuSeconds } = (await import(new URL('../../bench/harness.mjs', import.meta.url).href)) as { cpuSeconds: (pid: number) => number | undefined };
  const rounds = { proxy: [] as Round[], direct: [] as Round[] };
  let proxyCpu = 0;
  for (let i = 0; i < ROUNDS; i++) {
    rounds.direct.push(await load(direct));
    const before = proxyPid === undefined ? undefined : cpuSeconds(proxyPid);
    rounds.proxy.push(await load(viaProxy));
    const after = proxyPid === undefined ? undefined : cpuSeconds(proxyPid);
    proxyCpu += before === undefined || after === undefined ? NaN : after - before;
  }
  const p = summary(rounds.proxy);
  const d = summary(rounds.direct);
  const row = (name: string, s: ReturnType<typeof summary>): string =>
    `| ${name} | ${s.rps.toFixed(0)} | ${s.p50.toFixed(2)} ms | ${s.p99.toFixed(2)} ms | ${s.errors} |`;
  process.stdout.write(
    [
      `Lambda routing overhead: hello function, ${CONCURRENCY} concurrent callers, ${ROUNDS} interleaved rounds of ${SECONDS} s per side, proxy ${PROXY_MODE === 'inline' ? 'in the driver process (request log off)' : 'in its own process (strangler proxy, request log on)'}, shadow sampleRate ${process.env.BENCH_SHADOW_SAMPLE ?? '1 (default)'}`,
      '',
      '| path | req/s | p50 | p99 | errors |',
      '| --- | --- | --- | --- | --- |',
      row('direct SDK invoke', d),
      row('through the proxy (live)', p),
      '',
      `throughput: proxy / direct = ${(p.rps / d.rps).toFixed(3)} (target >= 0.85)`,
      `p50: proxy / direct = ${(p.p50 / d.p50).toFixed(3)} (target <= 1.15)`,
      `p99: proxy / direct = ${(p.p99 / d.p99).toFixed(3)}`,
      proxyPid === undefined ? '' : `proxy process CPU per request: ${((proxyCpu / rounds.proxy.reduce((n, r) => n + r.requests, 0)) * 1e6).toFixed(0)} µs`,
      `load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} at the end`,
      '',
    ].join('\n'),
  );
  agent.destroy();
  client.destroy();
  await stopProxy();
  rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((resolve) => monolith.close(() => resolve()));
  await lambda.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:live failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
