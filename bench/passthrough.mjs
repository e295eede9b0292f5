// Pass-through benchmark (npm run bench:passthrough): direct-to-monolith vs strangler vs @fastify/http-proxy,
// 1 KiB and 64 KiB responses, autocannon on 127.0.0.1, interleaved rounds. Each server runs in its own process.
// Environment: BENCH_ROUNDS (default 3), BENCH_DURATION seconds per run (5), BENCH_CONNECTIONS (50),
// BENCH_WARMUP seconds (2). Reports the median over rounds.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const SERVER = fileURLToPath(new URL('./passthrough-server.mjs', import.meta.url));
const SIZES = ['1k', '64k'];
const TARGETS = ['direct', 'strangler', 'peer'];

const children = [];
function start(role, ...args) {
  const child = spawn(process.execPath, [SERVER, role, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}
const stopAll = () => children.forEach((c) => c.kill('SIGTERM'));
process.once('SIGINT', () => (stopAll(), process.exit(130)));

function run(url, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, pipelining: 1 }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const direct = await start('monolith');
const urls = { direct, strangler: await start('strangler', direct), peer: await start('peer', direct) };
console.log(`monolith ${direct}, strangler ${urls.strangler}, peer ${urls.peer}`);
console.log(`${ROUNDS} interleaved rounds × ${DURATION}s, ${CONNECTIONS} connections, after ${WARMUP}s warm-up each\n`);

for (const target of TARGETS) for (const size of SIZES) await run(`${urls[target]}/${size}`, WARMUP);

const samples = {};
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order every round so no target always runs first (or last) on a machine that heats up.
  const order = TARGETS.map((_, i) => TARGETS[(i + round) % TARGETS.length]);
  for (const size of SIZES) {
    for (const target of order) {
      const r = await run(`${urls[target]}/${size}`, DURATION);
      const key = `${target} ${size}`;
      (samples[key] ??= []).push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx });
      process.stderr.write(`round ${round + 1} ${key}: ${Math.round(r.requests.average)} req/s\n`);
    }
  }
}
stopAll();

const rows = [];
for (const size of SIZES) {
  const stat = (target) => {
    const s = samples[`${target} ${size}`];
    return { rps: median(s.map((x) => x.rps)), p50: median(s.map((x) => x.p50)), p99: median(s.map((x) => x.p99)), errors: s.reduce((a, x) => a + x.errors, 0) };
  };
  const d = stat('direct');
  const p = stat('peer');
  for (const target of TARGETS) {
    const t = stat(target);
    rows.push(
      `| ${size.padEnd(3)} | ${target.padEnd(9)} | ${Math.round(t.rps).toLocaleString('en-US').padStart(7)} | ${String(t.p50).padStart(4)} ms | ${String(t.p99).padStart(4)} ms | ${(t.rps / p.rps).toFixed(2)} | ${(t.rps / d.rps).toFixed(2)} | ${t.errors} |`,
    );
  }
}
console.log('| body | target    |   req/s |     p50 |     p99 | ×peer | ×direct | errors |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
