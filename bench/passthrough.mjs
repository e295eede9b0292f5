// Pass-through benchmark (npm run bench:passthrough): strangler in pass-through vs @fastify/http-proxy, with the
// monolith answered directly as the ceiling; 1 KiB and 64 KiB responses; autocannon on 127.0.0.1 in this process,
// each server (monolith, strangler, peer) in its own process; all three proxies/ceilings hit the SAME monolith
// process with the same connection count. Interleaved rounds, the order rotated every round.
//
// Environment: BENCH_ROUNDS (default 5), BENCH_DURATION seconds per run (5), BENCH_CONNECTIONS (50),
// BENCH_WARMUP seconds per target and size (2), BENCH_PROF=strangler|peer|monolith (that server runs under
// `node --cpu-prof`; the .cpuprofile lands in BENCH_PROF_DIR, default $TMPDIR/strangler-bench-prof),
// BENCH_LOG_LEVEL (strangler's log level; `warn` drops the per-request lines), BENCH_TRACING=RATIO (strangler
// traces, sampling new traces at RATIO, and exports its spans to the monolith process's OTLP sink),
// BENCH_INVENTORY=off (strangler's traffic inventory off: run with and without it for its cost per request).
// Reports medians over rounds: req/s, latency, and the server's CPU time per request (from /proc, Linux; the proxy's
// own process, or the monolith's for `direct`), and strangler ÷ peer per round (paired: the two ran seconds apart).
import { spawn } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, median, run as runFor } from './harness.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const PROF = process.env.BENCH_PROF;
const PROF_DIR = process.env.BENCH_PROF_DIR ?? join(tmpdir(), 'strangler-bench-prof');
const SERVER = fileURLToPath(new URL('./passthrough-server.mjs', import.meta.url));
const SIZES = { '1k': 1024, '64k': 64 * 1024 };
const TARGETS = ['direct', 'strangler', 'peer'];
for (const [name, value] of Object.entries({ ROUNDS, DURATION, CONNECTIONS, WARMUP })) {
  if (!Number.isInteger(value) || value < (name === 'WARMUP' ? 0 : 1)) throw new Error(`BENCH_${name} must be a whole number${name === 'WARMUP' ? '' : ' ≥ 1'}, got "${process.env[`BENCH_${name}`]}"`);
}

if (PROF !== undefined && !['monolith', 'strangler', 'peer'].includes(PROF)) throw new Error(`BENCH_PROF must be strangler, peer or monolith, got "${PROF}"`);

const children = [];
const pids = {};
function start(role, ...args) {
  const flags = PROF === role ? ['--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`] : [];
  const child = spawn(process.execPath, [...flags, SERVER, role, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  children.push({ child, exited });
  pids[role] = child.pid;
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
  await Promise.all(children.map((c) => c.exited));
}
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

const run = (url, duration) => runFor(url, duration, CONNECTIONS);

// Before measuring: every target answers 200 with the full body, and the strangler request took the plan route
// (pass-through of a matched route, stage off) rather than some error path.
async function sanityCheck(urls) {
  for (const target of TARGETS) {
    for (const [size, bytes] of Object.entries(SIZES)) {
      const res = await fetch(`${urls[target]}/${size}`);
      const body = Buffer.from(await res.arrayBuffer());
      const problem =
        res.status !== 200
          ? `status ${res.status}`
          : body.length !== bytes
            ? `${body.length} bytes instead of ${bytes}`
            : target === 'strangler' && (res.headers.get('x-strangler-route') !== 'bench' || res.headers.get('x-strangler-served-by') !== 'monolith')
              ? 'no x-strangler-route: bench / x-strangler-served-by: monolith'
              : undefined;
      if (problem !== undefined) throw new Error(`sanity check: ${target} /${size}: ${problem}`);
    }
  }
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

try {
  const direct = await start('monolith');
  const urls = { direct, strangler: await start('strangler', direct), peer: await start('peer', direct) };
  await sanityCheck(urls);
  console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${load()} at start`);
  console.log(`monolith ${direct}, strangler ${urls.strangler}, peer ${urls.peer}${PROF ? `; ${PROF} under --cpu-prof (${PROF_DIR})` : ''}`);
  const settings = [process.env.BENCH_LOG_LEVEL && `strangler log level ${process.env.BENCH_LOG_LEVEL}`, process.env.BENCH_TRACING && `strangler tracing on, sample ratio ${process.env.BENCH_TRACING}`, process.env.BENCH_INVENTORY === 'off' && 'strangler traffic inventory off'].filter(Boolean);
  if (settings.length > 0) console.log(settings.join('; '));
  console.log(`${ROUNDS} interleaved rounds × ${DURATION}s per target and size, ${CONNECTIONS} connections, after ${WARMUP}s warm-up each\n`);

  if (WARMUP > 0) for (const target of TARGETS) for (const size of Object.keys(SIZES)) await run(`${urls[target]}/${size}`, WARMUP);

  const samples = {};
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order every round so no target always runs first (or last) on a machine whose load changes.
    const order = TARGETS.map((_, i) => TARGETS[(i + round) % TARGETS.length]);
    for (const size of Object.keys(SIZES)) {
      for (const target of order) {
        // The process whose CPU is the cost of this target: the proxy, or the monolith for `direct`.
        const pid = pids[target === 'direct' ? 'monolith' : target];
        const cpuBefore = cpuSeconds(pid);
        const r = await run(`${urls[target]}/${size}`, DURATION);
        const cpuAfter = cpuSeconds(pid);
        const cpuUs = cpuBefore === undefined || cpuAfter === undefined || r.requests.total === 0 ? NaN : ((cpuAfter - cpuBefore) / r.requests.total) * 1e6;
        const key = `${target} ${size}`;
        (samples[key] ??= []).push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuUs, errors: r.errors + r.timeouts + r.non2xx });
        process.stderr.write(`round ${round + 1} ${key}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${cpuUs.toFixed(0)} µs CPU/req\n`);
      }
    }
  }
  const endLoad = load();
  await stopAll();

  console.log('| body | target | req/s | p50 | p99 | ×peer | ×direct | CPU µs/req | errors |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const verdicts = [];
  for (const size of Object.keys(SIZES)) {
    const stat = (target) => {
      const s = samples[`${target} ${size}`];
      return {
        rps: median(s.map((x) => x.rps)),
        p50: median(s.map((x) => x.p50)),
        p99: median(s.map((x) => x.p99)),
        cpuUs: median(s.map((x) => x.cpuUs)),
        errors: s.reduce((a, x) => a + x.errors, 0),
      };
    };
    const d = stat('direct');
    const p = stat('peer');
    for (const target of TARGETS) {
      const t = stat(target);
      const n = Math.round(t.rps).toLocaleString('en-US');
      const cpu = Number.isNaN(t.cpuUs) ? 'n/a' : t.cpuUs.toFixed(0);
      console.log(`| ${size} | ${target} | ${n} | ${t.p50} ms | ${t.p99} ms | ${(t.rps / p.rps).toFixed(2)} | ${(t.rps / d.rps).toFixed(2)} | ${cpu} | ${t.errors} |`);
    }
    const paired = samples[`strangler ${size}`].map((s, i) => s.rps / samples[`peer ${size}`][i].rps);
    const ratio = median(paired);
    const cpuRatio = stat('peer').cpuUs / stat('strangler').cpuUs;
    verdicts.push(
      `${size}: req/s strangler ÷ peer per round ${paired.map((x) => x.toFixed(2)).join(', ')} → median ${ratio.toFixed(2)} (${ratio >= 1 ? 'target ≥ 1.0 met' : 'BELOW the 1.0 target'})` +
        (Number.isNaN(cpuRatio) ? '' : `; CPU per request: peer ÷ strangler ${cpuRatio.toFixed(2)} (> 1: strangler is cheaper)`),
    );
  }
  console.log('');
  for (const v of verdicts) console.log(v);
  console.log(`load average ${endLoad} at the end`);
} catch (err) {
  await stopAll();
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
