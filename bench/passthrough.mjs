// Pass-through benchmark (npm run bench:passthrough): strangler in pass-through vs @fastify/http-proxy, with the
// monolith answered directly as the ceiling and nginx as a reference row when it is installed; 1 KiB and 64 KiB
// responses, one connection and many; autocannon on 127.0.0.1 in this process, each server (monolith, strangler,
// peer, nginx) in its own process; every proxy hits the SAME monolith process. Strangler is measured twice: a plan
// route at stage `off` (`/off/...`) and a request no route matches (`/none/...`, the plan's default: the monolith).
// Interleaved rounds, the target order rotated every round.
//
// Environment: BENCH_LOADGEN (`wrk` when installed, else `autocannon`; autocannon at one connection is slower than
// the servers it measures), BENCH_ROUNDS (default 5), BENCH_DURATION seconds per run (5), BENCH_CONNECTIONS (comma-separated
// list, default `1,50`), BENCH_TARGETS (comma-separated subset of direct, strangler, strangler-none, peer, nginx,
// baseline), BENCH_BASELINE_DIST (another build's dist/ folder, e.g. main's: adds the target `baseline`, that build
// at the same plan route, so a change is measured before/after in the same interleaved rounds),
// BENCH_WARMUP seconds per target and size (2), BENCH_PROF=strangler|peer|monolith (that server runs under
// `node --cpu-prof`; the .cpuprofile lands in BENCH_PROF_DIR, default $TMPDIR/strangler-bench-prof),
// BENCH_LOG_LEVEL (strangler's log level; `warn` drops the per-request lines), BENCH_TRACING=RATIO (strangler
// traces, sampling new traces at RATIO, and exports its spans to the monolith process's OTLP sink),
// BENCH_INVENTORY=off (strangler's traffic inventory off: run with and without it for its cost per request).
// Reports medians over rounds: req/s, p50/p99 latency (microsecond resolution), the server's CPU time per request
// (from /proc, Linux; the proxy's own process, or the monolith's for `direct`), the share of that CPU time spent in
// garbage collection (perf_hooks `gc` entries; node servers only) and major GCs per 1,000 requests, and strangler ÷
// peer per round (paired: the two ran seconds apart).
import { spawn } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, findWrk, median, run as runAutocannon, runWrk, WRK_INSTALL_HINT } from './harness.mjs';
import { findNginx, NGINX_INSTALL_HINT, startNginx } from './nginx.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,50').split(',').map(Number);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const PROF = process.env.BENCH_PROF;
const PROF_DIR = process.env.BENCH_PROF_DIR ?? join(tmpdir(), 'strangler-bench-prof');
const SERVER = fileURLToPath(new URL('./passthrough-server.mjs', import.meta.url));
const SIZES = ['1k', '64k'];
const ALL_TARGETS = ['direct', 'strangler', 'strangler-none', 'peer', 'nginx', 'baseline'];
const BASELINE_DIST = process.env.BENCH_BASELINE_DIST;
const WANTED = process.env.BENCH_TARGETS?.split(',') ?? ALL_TARGETS.filter((t) => t !== 'baseline' || BASELINE_DIST !== undefined);
if (WANTED.includes('baseline') && BASELINE_DIST === undefined)
  throw new Error('BENCH_TARGETS: `baseline` needs BENCH_BASELINE_DIST (a dist/ folder of the build to compare with)');
for (const [name, value] of Object.entries({ ROUNDS, DURATION, WARMUP })) {
  if (!Number.isInteger(value) || value < (name === 'WARMUP' ? 0 : 1))
    throw new Error(`BENCH_${name} must be a whole number${name === 'WARMUP' ? '' : ' ≥ 1'}, got "${process.env[`BENCH_${name}`]}"`);
}
if (CONNECTIONS.some((c) => !Number.isInteger(c) || c < 1))
  throw new Error(`BENCH_CONNECTIONS must list whole numbers ≥ 1, got "${process.env.BENCH_CONNECTIONS}"`);
for (const t of WANTED) if (!ALL_TARGETS.includes(t)) throw new Error(`BENCH_TARGETS: unknown target "${t}" (known: ${ALL_TARGETS.join(', ')})`);
const NGINX = WANTED.includes('nginx') ? findNginx() : undefined;
if (WANTED.includes('nginx') && NGINX === undefined) console.log(NGINX_INSTALL_HINT);
const TARGETS = WANTED.filter((t) => t !== 'nginx' || NGINX !== undefined);
const LOADGEN = process.env.BENCH_LOADGEN ?? (findWrk() !== undefined ? 'wrk' : 'autocannon');
if (LOADGEN !== 'wrk' && LOADGEN !== 'autocannon') throw new Error(`BENCH_LOADGEN must be wrk or autocannon, got "${LOADGEN}"`);
const WRK = LOADGEN === 'wrk' ? findWrk() : undefined;
if (LOADGEN === 'wrk' && WRK === undefined) throw new Error(WRK_INSTALL_HINT.replace(': using autocannon', ''));
if (process.env.BENCH_LOADGEN === undefined && WRK === undefined) console.log(WRK_INSTALL_HINT);
const runFor = (url, duration, connections) => (WRK !== undefined ? runWrk(WRK, url, duration, connections) : runAutocannon(url, duration, connections));

if (PROF !== undefined && !['monolith', 'strangler', 'peer'].includes(PROF)) throw new Error(`BENCH_PROF must be strangler, peer or monolith, got "${PROF}"`);

const children = [];
const pids = {};
const servers = {};
let nginx;

// The GC time (ms) and major GCs a node server has had so far, asked over its IPC channel
// (bench/passthrough-server.mjs).
function gcStats(role) {
  const child = servers[role];
  if (child === undefined) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m));
    child.send('gc');
  });
}
function start(role, ...args) {
  const flags = PROF === role ? ['--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`] : [];
  // `baseline` is strangler from another build (BENCH_BASELINE_DIST).
  const argv = role === 'baseline' ? ['strangler', ...args, BASELINE_DIST] : [role, ...args];
  const child = spawn(process.execPath, [...flags, SERVER, ...argv], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  children.push({ child, exited });
  pids[role] = child.pid;
  servers[role] = child;
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`${role} server exited with ${code} before it was ready`)));
  });
}
// SIGTERM each server and wait: a profiled server writes its profile on exit.
async function stopAll() {
  for (const { child } of children) child.kill('SIGTERM');
  await Promise.all([...children.map((c) => c.exited), nginx?.stop()]);
}
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

// The process whose CPU is the cost of a target (the proxy, or the monolith for `direct`) and its GC role.
const costOf = (target) => {
  if (target === 'nginx') return { pid: nginx.pids(), role: undefined };
  const role = target === 'direct' ? 'monolith' : target === 'strangler-none' ? 'strangler' : target;
  if (role === 'baseline') return { pid: pids.baseline, role };
  return { pid: pids[role], role };
};
const BYTES = { '1k': 1024, '64k': 64 * 1024 };

// Before measuring: every target answers 200 with the full body; strangler's `/off/` request took the plan route
// (pass-through of a matched route, stage off) and its `/none/` request matched no route, rather than some error path.
async function sanityCheck(urls) {
  for (const target of TARGETS) {
    for (const size of SIZES) {
      const res = await fetch(urls[target](size));
      const body = Buffer.from(await res.arrayBuffer());
      const route = res.headers.get('x-strangler-route');
      const problem =
        res.status !== 200
          ? `status ${res.status}`
          : body.length !== BYTES[size]
            ? `${body.length} bytes instead of ${BYTES[size]}`
            : (target.startsWith('strangler') || target === 'baseline') && res.headers.get('x-strangler-served-by') !== 'monolith'
              ? 'no x-strangler-served-by: monolith'
              : (target === 'strangler' || target === 'baseline') && route !== 'bench'
                ? 'no x-strangler-route: bench'
                : target === 'strangler-none' && route !== null
                  ? `x-strangler-route: ${route} on a path no route matches`
                  : undefined;
      if (problem !== undefined) throw new Error(`sanity check: ${target} ${urls[target](size)}: ${problem}`);
    }
  }
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const ms = (x) => (Number.isNaN(x) ? 'n/a' : `${x.toFixed(2)} ms`);

try {
  const direct = await start('monolith');
  const base = { direct, strangler: await start('strangler', direct), peer: await start('peer', direct) };
  if (NGINX !== undefined) nginx = await startNginx(NGINX, direct);
  if (TARGETS.includes('baseline')) base.baseline = await start('baseline', direct);
  const urls = {
    direct: (size) => `${base.direct}/${size}`,
    strangler: (size) => `${base.strangler}/off/${size}`,
    'strangler-none': (size) => `${base.strangler}/none/${size}`,
    peer: (size) => `${base.peer}/${size}`,
    nginx: (size) => `${nginx.url}/${size}`,
    baseline: (size) => `${base.baseline}/off/${size}`,
  };
  await sanityCheck(urls);
  console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${load()} at start`);
  console.log(
    `monolith ${direct}, strangler ${base.strangler}, peer ${base.peer}${nginx ? `, nginx ${nginx.url} (${NGINX})` : ''}${PROF ? `; ${PROF} under --cpu-prof (${PROF_DIR})` : ''}`,
  );
  const settings = [
    process.env.BENCH_LOG_LEVEL && `strangler log level ${process.env.BENCH_LOG_LEVEL}`,
    process.env.BENCH_TRACING && `strangler tracing on, sample ratio ${process.env.BENCH_TRACING}`,
    process.env.BENCH_INVENTORY === 'off' && 'strangler traffic inventory off',
  ].filter(Boolean);
  if (settings.length > 0) console.log(settings.join('; '));
  console.log(
    `load generator ${LOADGEN}${WRK ? ` (${WRK}, one thread)` : ''}; ${ROUNDS} interleaved rounds × ${DURATION}s per target, size and connection count (${CONNECTIONS.join(', ')}), after ${WARMUP}s warm-up each\n`,
  );

  if (WARMUP > 0) for (const target of TARGETS) for (const size of SIZES) await runFor(urls[target](size), WARMUP, Math.max(...CONNECTIONS));

  const samples = {};
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order every round so no target always runs first (or last) on a machine whose load changes.
    const order = TARGETS.map((_, i) => TARGETS[(i + round) % TARGETS.length]);
    for (const connections of CONNECTIONS) {
      for (const size of SIZES) {
        for (const target of order) {
          const { pid, role } = costOf(target);
          const gcBefore = await gcStats(role);
          const cpuBefore = cpuSeconds(pid);
          const r = await runFor(urls[target](size), DURATION, connections);
          const cpuAfter = cpuSeconds(pid);
          const gcAfter = await gcStats(role);
          const cpuS = cpuBefore === undefined || cpuAfter === undefined ? NaN : cpuAfter - cpuBefore;
          const cpuUs = r.requests.total === 0 ? NaN : (cpuS / r.requests.total) * 1e6;
          const gcShare = gcBefore === undefined || !(cpuS > 0) ? NaN : (gcAfter.gcMs - gcBefore.gcMs) / 1000 / cpuS;
          const majorPerK = gcBefore === undefined || r.requests.total === 0 ? NaN : ((gcAfter.majorCount - gcBefore.majorCount) * 1000) / r.requests.total;
          const key = `${connections} ${size} ${target}`;
          (samples[key] ??= []).push({
            rps: r.requests.average,
            p50: r.fine.p50,
            p99: r.fine.p99,
            cpuUs,
            gcShare,
            majorPerK,
            errors: r.errors + r.timeouts + r.non2xx,
          });
          process.stderr.write(
            `round ${round + 1} ${key}: ${Math.round(r.requests.average)} req/s, p50 ${ms(r.fine.p50)}, p99 ${ms(r.fine.p99)}, ${cpuUs.toFixed(0)} µs CPU/req, GC ${(gcShare * 100).toFixed(1)}%, ${majorPerK.toFixed(2)} major GCs/1k req\n`,
          );
        }
      }
    }
  }
  const endLoad = load();
  await stopAll();

  console.log('| conns | body | target | req/s | p50 | p99 | ×peer req/s | CPU µs/req | ÷peer CPU | GC share | major GCs /1k req | errors |');
  console.log('| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const verdicts = [];
  for (const connections of CONNECTIONS) {
    for (const size of SIZES) {
      const stat = (target) => {
        const s = samples[`${connections} ${size} ${target}`];
        if (s === undefined) return undefined;
        return {
          rps: median(s.map((x) => x.rps)),
          p50: median(s.map((x) => x.p50)),
          p99: median(s.map((x) => x.p99)),
          cpuUs: median(s.map((x) => x.cpuUs)),
          gcShare: median(s.map((x) => x.gcShare)),
          majorPerK: median(s.map((x) => x.majorPerK)),
          errors: s.reduce((a, x) => a + x.errors, 0),
        };
      };
      const p = stat('peer');
      for (const target of TARGETS) {
        const t = stat(target);
        const n = Math.round(t.rps).toLocaleString('en-US');
        const cpu = Number.isNaN(t.cpuUs) ? 'n/a' : t.cpuUs.toFixed(0);
        const gc = Number.isNaN(t.gcShare) ? 'n/a' : `${(t.gcShare * 100).toFixed(1)}%`;
        const major = Number.isNaN(t.majorPerK) ? 'n/a' : t.majorPerK.toFixed(2);
        const vsPeer = (a, b) => (p === undefined ? 'n/a' : (a / b).toFixed(2));
        console.log(
          `| ${connections} | ${size} | ${target} | ${n} | ${ms(t.p50)} | ${ms(t.p99)} | ${vsPeer(t.rps, p?.rps)} | ${cpu} | ${vsPeer(t.cpuUs, p?.cpuUs)} | ${gc} | ${major} | ${t.errors} |`,
        );
      }
      for (const target of ['strangler', 'strangler-none', 'baseline']) {
        const mine = samples[`${connections} ${size} ${target}`];
        const peer = samples[`${connections} ${size} peer`];
        if (mine === undefined || peer === undefined) continue;
        const paired = mine.map((s, i) => s.rps / peer[i].rps);
        const cpuPaired = mine.map((s, i) => s.cpuUs / peer[i].cpuUs);
        const p99Paired = mine.map((s, i) => s.p99 / peer[i].p99);
        const list = (xs) => xs.map((x) => x.toFixed(2)).join(', ');
        verdicts.push(
          `${connections} conn ${size} ${target} ÷ peer per round: req/s ${list(paired)} → median ${median(paired).toFixed(2)}; ` +
            `CPU/req ${list(cpuPaired)} → median ${median(cpuPaired).toFixed(2)} (≤ 1: strangler is cheaper); p99 ${list(p99Paired)} → median ${median(p99Paired).toFixed(2)}`,
        );
      }
    }
  }
  console.log('');
  for (const v of verdicts) console.log(v);
  console.log(`load average ${endLoad} at the end`);
} catch (err) {
  await stopAll();
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
