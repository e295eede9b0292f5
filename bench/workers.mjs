// Workers benchmark (npm run bench:workers): `strangler proxy` as users run it (the compiled CLI, a plan file on
// disk) with `--workers 2`, `--workers 1` and without the flag (one process, no cluster), next to
// @fastify/http-proxy (bench/passthrough-server.mjs peer), all in front of one monolith process
// (passthrough-server.mjs monolith), 1 KiB responses, autocannon in this process. Interleaved rounds, the order
// rotated every round.
//
// The load generator is pinned away from the servers where the machine allows: the servers start first (with every
// CPU), then this process pins itself (all its threads, `taskset -a -p`) to BENCH_LOADGEN_CPUS (default: the last
// CPU). BENCH_SERVER_CPUS (e.g. `0-6` on an 8-CPU machine) pins the servers too (`taskset -c`), so the load
// generator never competes with them, and BENCH_MONOLITH_CPUS the monolith: that is how to measure the gain of more
// workers on a larger machine.
//
// Environment: BENCH_ROUNDS (3), BENCH_DURATION seconds per run (5), BENCH_CONNECTIONS (50), BENCH_WARMUP seconds
// per target (2), BENCH_WORKERS (the larger worker count, default 2), BENCH_LOG_LEVEL (strangler's, default `warn`:
// stdout is a pipe here, and the per-request line is measured by bench:passthrough).
// CPU µs/req is the whole process tree's (the primary and its workers, read from /proc): the cost of a request
// wherever it ran.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, median, run } from './harness.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';
const CPUS = cpus().length;
const LOADGEN_CPUS = process.env.BENCH_LOADGEN_CPUS ?? String(CPUS - 1);
const SERVER_CPUS = process.env.BENCH_SERVER_CPUS;
const MONOLITH_CPUS = process.env.BENCH_MONOLITH_CPUS;
for (const [name, value] of Object.entries({ ROUNDS, DURATION, CONNECTIONS, WARMUP, WORKERS })) {
  if (!Number.isInteger(value) || value < (name === 'WARMUP' ? 0 : 1))
    throw new Error(`BENCH_${name} must be a whole number${name === 'WARMUP' ? '' : ' ≥ 1'}, got "${process.env[`BENCH_${name}`]}"`);
}
const SERVER = fileURLToPath(new URL('./passthrough-server.mjs', import.meta.url));
const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const TARGETS = ['single', 'workers-1', `workers-${WORKERS}`, 'peer'];

const children = [];
const pinned = (args, cpuList) => (cpuList === undefined ? [process.execPath, args] : ['taskset', ['-c', cpuList, process.execPath, ...args]]);

/** Starts a server (on `cpuList`, default any) and resolves with the URL it prints (`READY url` or `strangler proxy  url`). */
function start(args, pattern, cpuList = SERVER_CPUS) {
  const [command, argv] = pinned(args, cpuList);
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  children.push({ child, exited });
  return new Promise((resolve, reject) => {
    let out = '';
    let found = false;
    child.stdout.on('data', (d) => {
      // Keep reading (and dropping) whatever comes after the URL, so a full pipe never stalls the server.
      if (found) return;
      out += d;
      const m = pattern.exec(out);
      if (m) {
        found = true;
        resolve({ url: m[1], pid: child.pid });
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before it was ready`)));
  });
}
async function stopAll() {
  for (const { child } of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => c.exited));
}
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

/** The CPU seconds of a process and its children (a cluster primary's workers; taskset's node). */
function treeCpuSeconds(pid) {
  let total = cpuSeconds(pid);
  if (total === undefined) return undefined;
  let kids = [];
  try {
    kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // Without /proc/PID/task/PID/children only the process itself counts.
  }
  for (const kid of kids) total += treeCpuSeconds(kid) ?? 0;
  return total;
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const dir = mkdtempSync(join(tmpdir(), 'strangler-bench-workers-'));

try {
  const monolith = await start([SERVER, 'monolith'], /READY (\S+)/, MONOLITH_CPUS);
  // The same plan as bench:passthrough's strangler: one route `/*` at stage off, shadow store in memory.
  const plan = join(dir, 'plan.yaml');
  writeFileSync(
    plan,
    [
      `monolith: { url: "${monolith.url}" }`,
      'listen: { host: 127.0.0.1, port: 0 }',
      'admin: { host: 127.0.0.1, port: 0 }',
      `server: { logLevel: ${LOG_LEVEL} }`,
      "shadow: { store: { path: ':memory:' } }",
      'routes:',
      '  - { id: bench, match: { path: "/*" }, function: { name: bench }, stage: off }',
      '',
    ].join('\n'),
  );
  const proxy = (extra) => start([CLI, 'proxy', '--plan', plan, ...extra], /strangler proxy\s+(\S+)/);
  const servers = {
    single: await proxy([]),
    'workers-1': await proxy(['--workers', '1']),
    [`workers-${WORKERS}`]: await proxy(['--workers', String(WORKERS)]),
    peer: await start([SERVER, 'peer', monolith.url], /READY (\S+)/),
  };
  // Every target answers 200 with 1 KiB, strangler's through the plan route.
  for (const target of TARGETS) {
    const res = await fetch(`${servers[target].url}/1k`);
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200 || body.length !== 1024) throw new Error(`sanity check: ${target}: status ${res.status}, ${body.length} bytes`);
    if (target !== 'peer' && res.headers.get('x-strangler-route') !== 'bench') throw new Error(`sanity check: ${target}: not served through the bench route`);
  }
  let pinnedNote = 'load generator not pinned (taskset unavailable or one CPU)';
  if (CPUS > 1) {
    try {
      execFileSync('taskset', ['-a', '-p', '-c', LOADGEN_CPUS, String(process.pid)], { stdio: 'ignore' });
      pinnedNote = `load generator pinned to CPU ${LOADGEN_CPUS}, proxies on ${SERVER_CPUS ?? 'every CPU'}, monolith on ${MONOLITH_CPUS ?? 'every CPU'}`;
    } catch {
      // No taskset: the run is still valid, only noisier.
    }
  }
  console.log(`node ${process.version}, ${CPUS} CPUs (${cpus()[0]?.model ?? '?'}), load average ${load()} at start; ${pinnedNote}`);
  console.log(
    `${ROUNDS} interleaved rounds × ${DURATION}s per target, ${CONNECTIONS} connections, 1 KiB, strangler log level ${LOG_LEVEL}, after ${WARMUP}s warm-up each\n`,
  );

  if (WARMUP > 0) for (const target of TARGETS) await run(`${servers[target].url}/1k`, WARMUP, CONNECTIONS);
  const samples = {};
  for (let round = 0; round < ROUNDS; round++) {
    const order = TARGETS.map((_, i) => TARGETS[(i + round) % TARGETS.length]);
    for (const target of order) {
      const before = treeCpuSeconds(servers[target].pid);
      const r = await run(`${servers[target].url}/1k`, DURATION, CONNECTIONS);
      const after = treeCpuSeconds(servers[target].pid);
      const cpuUs = before === undefined || after === undefined || r.requests.total === 0 ? NaN : ((after - before) / r.requests.total) * 1e6;
      (samples[target] ??= []).push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuUs, errors: r.errors + r.timeouts + r.non2xx });
      process.stderr.write(
        `round ${round + 1} ${target}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${cpuUs.toFixed(0)} µs CPU/req\n`,
      );
    }
  }
  const endLoad = load();
  await stopAll();

  const stat = (target) => {
    const s = samples[target];
    return {
      rps: median(s.map((x) => x.rps)),
      p50: median(s.map((x) => x.p50)),
      p99: median(s.map((x) => x.p99)),
      cpuUs: median(s.map((x) => x.cpuUs)),
      errors: s.reduce((a, x) => a + x.errors, 0),
    };
  };
  const base = stat('workers-1');
  const peer = stat('peer');
  console.log('| target | req/s | p50 | p99 | ×workers-1 | ×peer | CPU µs/req | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const target of TARGETS) {
    const t = stat(target);
    console.log(
      `| ${target} | ${Math.round(t.rps).toLocaleString('en-US')} | ${t.p50} ms | ${t.p99} ms | ${(t.rps / base.rps).toFixed(2)} | ${(t.rps / peer.rps).toFixed(2)} | ${Number.isNaN(t.cpuUs) ? 'n/a' : t.cpuUs.toFixed(0)} | ${t.errors} |`,
    );
  }
  const paired = samples[`workers-${WORKERS}`].map((s, i) => s.rps / samples['workers-1'][i].rps);
  console.log(`\nreq/s workers-${WORKERS} ÷ workers-1 per round ${paired.map((x) => x.toFixed(2)).join(', ')} → median ${median(paired).toFixed(2)}`);
  console.log(`load average ${endLoad} at the end`);
} catch (err) {
  await stopAll();
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
