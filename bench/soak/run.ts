import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { Ledger } from './ledger.js';
import { SoakOptionsSchema, type SoakOptionsInput } from './options.js';
import { sampleMemory, type MemoryFigures } from './memory.js';
import { startCli, type CliChild } from './processes.js';
import { startMonolith, startRecorder, type SoakServer } from './servers.js';
import { drive, THROTTLED_PREFIX, type ClientAnswer, type SoakRequest } from './traffic.js';
import { ProxyLogWatch } from './proxy-log.js';
import { summarise, type SoakSummary } from './summary.js';

/** The status the function answers for the `status` fault. */
export const FAULT_STATUS = 503;
/** The route whose function is always throttled. */
const THROTTLED_ROUTE = 'throttled';
/** When, as a fraction of the run, the flags file is damaged and restored, and the plan reloaded by SIGHUP. */
const DAMAGE_AT = 0.3;
const RESTORE_AT = 0.45;
const SIGHUP_AT = [0.55, 0.8];

/** The repository root (where package.json is), from this file in bench/soak/ or its build in dist/bench/soak/. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bench/soak: cannot find the repository root');
    dir = up;
  }
  return dir;
}

/** The flags file: every route's migration flag serves `live` (LaunchDarkly's flag format, variation 3). */
function flagsFile(routeIds: string[]): string {
  const flags = Object.fromEntries(
    routeIds.map((id) => {
      const key = `strangler-route-${id}`;
      const variations = ['off', 'dualwrite', 'shadow', 'live', 'rampdown', 'complete'];
      return [key, { key, on: true, variations, offVariation: 0, fallthrough: { variation: 3 }, targets: [], rules: [], salt: key, version: 1 }];
    }),
  );
  return JSON.stringify({ flags }, null, 2);
}

/**
 * One soak run: a monolith and the recorder in this process, `strangler lambda serve` and `strangler proxy` as child
 * processes (the compiled CLI in dist/, as users run it), fixed-concurrency mixed traffic for `duration` seconds
 * with faults at `faultRate`, the flags file damaged and restored and the plan reloaded by SIGHUP on the way; then
 * every request judged against the documented behaviour (./oracle.ts). Never throws for a broken invariant: the
 * summary's `ok` says it, `firstViolations` shows where.
 * @example
 *   const summary = await runSoak({ duration: 10, faultRate: 0.2, concurrency: 4 });
 *   if (!summary.ok) console.log(summary.firstViolations);
 */
export async function runSoak(input: SoakOptionsInput = {}): Promise<SoakSummary> {
  const options = SoakOptionsSchema.parse(input);
  const root = repoRoot();
  const cli = join(root, 'dist/cli/main.js');
  if (!existsSync(cli)) throw new Error(`bench/soak: ${cli} is missing; run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'strangler-soak-'));
  const ledger = new Ledger();
  const servers: SoakServer[] = [];
  const children: CliChild[] = [];
  try {
    const monolith = await startMonolith(ledger);
    servers.push(monolith);
    const recorder = await startRecorder(ledger);
    servers.push(recorder);

    // The local Lambda service: `soak` misbehaves as told; `soak-throttled` has no concurrency at all, so every
    // call gets Lambda's 429 TooManyRequestsException (reserved concurrency 0 throttles every invocation).
    const handler = join(root, 'test/fixtures/functions/soak-faults.handler');
    const environment = { SOAK_RECORDER: recorder.url, SOAK_FAULT_STATUS: String(FAULT_STATUS) };
    const lambdaPlan = join(dir, 'lambda.yaml');
    writeFileSync(
      lambdaPlan,
      stringify({
        monolith: { url: monolith.url },
        server: { logLevel: 'warn' },
        functions: [
          { name: 'soak', handler, timeout: 2, environment },
          { name: 'soak-throttled', handler, reservedConcurrency: 0, environment },
        ],
      }),
    );
    const lambda = await startCli(cli, ['lambda', 'serve', '--plan', lambdaPlan, '--port', '0'], /listening on (http:\/\/\S+)/, () => {});
    children.push(lambda);

    // The proxy: stages from a flags file (default `off`, so a flag lost while the file is damaged would show as
    // requests the monolith served without a fallback); fallback on GET and on keyed POSTs; a function's 5xx is a
    // failure (`fallback.serverErrors: fail`, the default). The breaker opens at a 10% failure ratio and probes
    // after 1 s: the faults that count (throw, crash, timeout, malformed, 5xx: ~14% of the traffic at a 20% fault
    // rate) open it now and then, so a run goes through every breaker state on the routes that serve.
    const fallback = { idempotencyKey: true, breaker: { failureRatio: 0.2, windowMs: 3_000, halfOpenAfterMs: 1_000 } };
    const routes = [
      { id: 'items', match: { path: '/api/items/:id', methods: ['GET'] }, function: { name: 'soak' }, stage: 'off', fallback },
      { id: 'orders', match: { path: '/api/orders', methods: ['POST'] }, function: { name: 'soak' }, stage: 'off', fallback },
      // Every call throttled: a throttle is capacity, not the function's health, so this breaker must never open.
      { id: THROTTLED_ROUTE, match: { path: `${THROTTLED_PREFIX}/*` }, function: { name: 'soak-throttled' }, stage: 'off', fallback },
    ];
    const flagsPath = join(dir, 'flags.json');
    const goodFlags = flagsFile(routes.map((r) => r.id));
    writeFileSync(flagsPath, goodFlags);
    const planPath = join(dir, 'plan.yaml');
    writeFileSync(
      planPath,
      stringify({
        monolith: { url: monolith.url },
        listen: { host: '127.0.0.1', port: 0 },
        admin: { host: '127.0.0.1', port: 0 },
        lambda: { endpoint: lambda.ready[1] },
        server: { logLevel: 'info' },
        flags: { source: 'file', path: 'flags.json' },
        // Automatic rollback off: at 20% faults it would pin every route to `shadow` within seconds (documented), and
        // the soak is about what fallback does under faults, for the whole run.
        shadow: { store: { path: join(dir, 'shadow.sqlite') }, gates: { rollback: { enabled: false } } },
        routes,
      }),
    );
    const log = new ProxyLogWatch();
    const proxy = await startCli(cli, ['proxy', '--plan', planPath], /strangler proxy\s+(http:\/\/\S+)\s*\nadmin API\s+(http:\/\/\S+)/, (line) =>
      log.line(line),
    );
    children.push(proxy);
    await waitReady(proxy.ready[2]!);

    // Traffic, with the disturbances on a timer.
    const warmupMs = (options.warmup ?? Math.min(20, options.duration / 3)) * 1000;
    const memory = sampleMemory({ proxy: proxy.pid, lambda: lambda.pid }, warmupMs);
    const at = (fraction: number, fn: () => void): NodeJS.Timeout => setTimeout(fn, fraction * options.duration * 1000);
    const timers = [
      // Damaged as an editor caught half-way would leave it: truncated JSON.
      at(DAMAGE_AT, () => writeFileSync(flagsPath, goodFlags.slice(0, goodFlags.length / 2))),
      // Restored atomically (write and rename), as `strangler flags set` and editors do.
      at(RESTORE_AT, () => {
        writeFileSync(`${flagsPath}.tmp`, goodFlags);
        renameSync(`${flagsPath}.tmp`, flagsPath);
      }),
      ...SIGHUP_AT.map((f) => at(f, () => proxy.child.kill('SIGHUP'))),
    ];
    const answers: Array<{ req: SoakRequest; answer: ClientAnswer }> = [];
    const startedAt = Date.now();
    const sent = await drive(
      proxy.ready[1]!,
      { durationS: options.duration, concurrency: options.concurrency, seed: options.seed, faultRate: options.faultRate, maxRps: options.maxRps },
      (req, answer) => answers.push({ req, answer }),
    );
    const elapsedS = (Date.now() - startedAt) / 1000;
    timers.forEach(clearTimeout);
    memory.stop();
    const mem = memory.figures() as Record<'proxy' | 'lambda', MemoryFigures>;
    // Log lines are batched (at least every 500 ms): wait until the proxy logged every request, then stop it.
    await log.until(() => log.requestLines >= sent, 10_000);
    const proxyExit = await proxy.stop();
    children.splice(children.indexOf(proxy), 1);

    return summarise(options, {
      answers,
      sent,
      elapsedS,
      ledger,
      log,
      mem,
      proxyExit,
      sighups: SIGHUP_AT.length,
      faultStatus: FAULT_STATUS,
      throttledRoute: THROTTLED_ROUTE,
    });
  } finally {
    for (const c of children) await c.stop();
    for (const s of servers) await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Polls the admin API until the proxy is ready and has its flags: `/readyz` is 200 even while flags are not loaded
 * (routes then serve their default stage, `degraded`), so `/healthz` must say `"flags": "loaded"` too.
 */
async function waitReady(adminUrl: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ready = await fetch(`${adminUrl}/readyz`).then(
      (r) => r.arrayBuffer().then(() => r.status),
      () => 0,
    );
    const health = await fetch(`${adminUrl}/healthz`).then(
      (r) => r.json() as Promise<{ details?: { flags?: string } }>,
      () => undefined,
    );
    if (ready === 200 && health?.details?.flags === 'loaded') return;
    if (Date.now() > deadline) throw new Error(`bench/soak: the proxy was not ready with its flags loaded within 20 s (${adminUrl}/readyz, /healthz)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
