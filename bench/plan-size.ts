/**
 * Plan size benchmark (`npm run bench:plan-size`): start-up and reload time of the proxy for plans of 10, 1,000
 * and 10,000 routes (`GET /svcN/items/:id`, all `off`, as generated for the large-plan reload test).
 *
 * - start-up: `loadPlanFile` + `createPlanProxy` + `listen`, wall time;
 * - reload: `watchPlan(...).reload()` after the file changed (one more route): loading on the worker thread,
 *   router and shadow rules built in slices, the swap; wall time, and the longest event-loop stall meanwhile
 *   (a 1 ms timer's largest lateness: what a request arriving then would wait at most);
 * - reload (sync): `proxy.reload(loadPlanFile(file))` on the main thread, for comparison: the whole stall.
 *
 * BENCH_SIZES (comma-separated, default 10,1000,10000) and BENCH_RUNS (per size, default 3; the median is shown).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlanProxy, loadPlanFile, watchPlan } from '../proxy/index.js';
import { largePlanYaml } from '../test/reliability/large-plan.js';

const SIZES = (process.env.BENCH_SIZES ?? '10,1000,10000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Figures {
  startupMs: number;
  reloadMs: number;
  stallMs: number;
  syncReloadMs: number;
}

/** The longest lateness of a 1 ms timer while `work` runs. */
async function withStallMeter<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last - 1);
    last = now;
  }, 1);
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  clearInterval(timer);
  stallMs = Math.max(stallMs, performance.now() - last - 1);
  return { value, ms, stallMs };
}

async function once(size: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'strangler-plan-size-'));
  const file = join(dir, 'plan.yaml');
  const plan = (n: number): string =>
    largePlanYaml(n, 'http://127.0.0.1:9').replace('server: { logLevel: info }', 'server: { logLevel: warn }\nlisten: { port: 0 }\nadmin: { port: 0 }');
  writeFileSync(file, plan(size));
  const started = performance.now();
  const proxy = await createPlanProxy(loadPlanFile(file));
  await proxy.listen();
  const startupMs = performance.now() - started;
  const watcher = watchPlan(proxy, file, { watchFile: false, signal: false });
  try {
    writeFileSync(file, plan(size + 1));
    const reload = await withStallMeter(() => watcher.reload());
    if (reload.value === undefined) throw new Error('reload failed');
    writeFileSync(file, plan(size));
    const sync = performance.now();
    proxy.reload(loadPlanFile(file));
    const syncReloadMs = performance.now() - sync;
    return { startupMs, reloadMs: reload.ms, stallMs: reload.stallMs, syncReloadMs };
  } finally {
    watcher.close();
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const rows: string[] = [
  '| routes | start-up ms | reload ms (off-thread) | longest stall during reload ms | reload ms (sync, for comparison) |',
  '| ---: | ---: | ---: | ---: | ---: |',
];
for (const size of SIZES) {
  const runs: Figures[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(size));
  const m = (key: keyof Figures): string => median(runs.map((r) => r[key])).toFixed(0);
  rows.push(`| ${size.toLocaleString('en')} | ${m('startupMs')} | ${m('reloadMs')} | ${m('stallMs')} | ${m('syncReloadMs')} |`);
  console.error(`${size} routes: ${JSON.stringify(runs.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)]))))}`);
}
console.log(
  `\nplan size (median of ${RUNS} runs, node ${process.version}, load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)})\n${rows.join('\n')}`,
);
