import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { Ledger } from './ledger.js';
import { judge, type Violation } from './oracle.js';
import { FAULTS, SoakOptionsSchema, type SoakOptions, type SoakOptionsInput } from './options.js';
import { sampleMemory, type MemoryFigures } from './memory.js';
import { startCli, type CliChild } from './processes.js';
import { startMonolith, startRecorder, type SoakServer } from './servers.js';
import { drive, THROTTLED_PREFIX, type ClientAnswer, type SoakRequest } from './traffic.js';
import { ProxyLogWatch } from './proxy-log.js';

/** The status the function answers for the `status` fault; the soak's plan lists it in `fallback.onStatus`. */
export const FAULT_STATUS = 503;
/** When, as a fraction of the run, the flags file is damaged and restored, and the plan reloaded by SIGHUP. */
const DAMAGE_AT = 0.3;
const RESTORE_AT = 0.45;
const SIGHUP_AT = [0.55, 0.8];
/** The first violations kept in the summary (all are counted). */
const KEEP_VIOLATIONS = 20;

export interface SoakSummary {
  ok: boolean;
  options: SoakOptions;
  requests: number;
  rps: number;
  byKind: Record<string, number>;
  byFault: Record<string, number>;
  servedByLambda: number;
  fallbacks: number;
  fallbacksByCode: Record<string, number>;
  codedErrors: number;
  codedErrorsByCode: Record<string, number>;
  /** Client-visible errors on GET routes (must be 0). */
  safeRouteErrors: number;
  /** Requests without an answer (must be 0). */
  lost: number;
  executions: {
    function: number;
    monolith: number;
    shadow: number;
    /** Requests (by id) with 0, 1, 2 … executions, both sides together, shadows excluded. */
    perRequest: Record<string, number>;
    /** The most executions of one POST without an Idempotency-Key (must be ≤ 1). */
    maxUnkeyedPost: number;
  };
  breakerTransitions: number;
  breakerTransitionsByKind: Record<string, number>;
  planReloads: number;
  flagsFileErrors: number;
  latencyMs: { p50: number; p99: number; max: number };
  memory: Record<'proxy' | 'lambda', MemoryFigures>;
  violations: number;
  violationsByRule: Record<string, number>;
  firstViolations: Violation[];
}

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

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

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
    writeFileSync(lambdaPlan, stringify({
      monolith: { url: monolith.url },
      server: { logLevel: 'warn' },
      functions: [
        { name: 'soak', handler, timeout: 2, environment },
        { name: 'soak-throttled', handler, reservedConcurrency: 0, environment },
      ],
    }));
    const lambda = await startCli(cli, ['lambda', 'serve', '--plan', lambdaPlan, '--port', '0'], /listening on (http:\/\/\S+)/, () => {});
    children.push(lambda);

    // The proxy: stages from a flags file (default `off`, so a flag lost while the file is damaged would show as
    // requests the monolith served without a fallback); fallback on GET and on keyed POSTs; the fault status listed
    // in onStatus (issue 16 item 9: a function's 5xx answer is not a failure unless listed); short breaker timings
    // so a run sees it open and close.
    const fallback = { idempotencyKey: true, onStatus: [FAULT_STATUS], breaker: { windowMs: 10_000, halfOpenAfterMs: 2_000 } };
    const routes = [
      { id: 'items', match: { path: '/api/items/:id', methods: ['GET'] }, function: { name: 'soak' }, stage: 'off', fallback },
      { id: 'orders', match: { path: '/api/orders', methods: ['POST'] }, function: { name: 'soak' }, stage: 'off', fallback },
      // One route for both methods, whose breaker needs few calls: it sees only the throttles (~3% of the
      // traffic), fails every call, so it opens, probes every 2 s and opens again for the rest of the run.
      { id: 'throttled', match: { path: `${THROTTLED_PREFIX}/*` }, function: { name: 'soak-throttled' }, stage: 'off', fallback: { ...fallback, breaker: { ...fallback.breaker, minimumRequests: 5 } } },
    ];
    const flagsPath = join(dir, 'flags.json');
    const goodFlags = flagsFile(routes.map((r) => r.id));
    writeFileSync(flagsPath, goodFlags);
    const planPath = join(dir, 'plan.yaml');
    writeFileSync(planPath, stringify({
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
    }));
    const log = new ProxyLogWatch();
    const proxy = await startCli(cli, ['proxy', '--plan', planPath], /strangler proxy\s+(http:\/\/\S+)\s*\nadmin API\s+(http:\/\/\S+)/, (line) => log.line(line));
    children.push(proxy);
    await waitReady(proxy.ready[2]!);

    // Traffic, with the disturbances on a timer.
    const warmupMs = (options.warmup ?? Math.min(10, options.duration / 5)) * 1000;
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
    const sent = await drive(proxy.ready[1]!, { durationS: options.duration, concurrency: options.concurrency, seed: options.seed, faultRate: options.faultRate, maxRps: options.maxRps }, (req, answer) => answers.push({ req, answer }));
    const elapsedS = (Date.now() - startedAt) / 1000;
    timers.forEach(clearTimeout);
    memory.stop();
    const mem = memory.figures() as Record<'proxy' | 'lambda', MemoryFigures>;
    // Log lines are batched (at least every 500 ms): wait until the proxy logged every request, then stop it.
    await log.until(() => log.requestLines >= sent, 10_000);
    const proxyExit = await proxy.stop();
    children.splice(children.indexOf(proxy), 1);

    return summarise(options, { answers, sent, elapsedS, ledger, log, mem, proxyExit, sighups: SIGHUP_AT.length });
  } finally {
    for (const c of children) await c.stop();
    for (const s of servers) await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Polls the admin API's `/readyz` until the proxy is ready (flags loaded, monolith reachable). */
async function waitReady(adminUrl: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await fetch(`${adminUrl}/readyz`).catch(() => undefined);
    if (res !== undefined) await res.arrayBuffer();
    if (res?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`bench/soak: the proxy was not ready within 20 s (${adminUrl}/readyz)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface RunData {
  answers: Array<{ req: SoakRequest; answer: ClientAnswer }>;
  sent: number;
  elapsedS: number;
  ledger: Ledger;
  log: ProxyLogWatch;
  mem: Record<'proxy' | 'lambda', MemoryFigures>;
  proxyExit: number | null;
  sighups: number;
}

function summarise(options: SoakOptions, run: RunData): SoakSummary {
  const { answers, ledger, log } = run;
  const violations: Violation[] = [];
  const byKind: Record<string, number> = {};
  const byFault: Record<string, number> = Object.fromEntries(['none', ...FAULTS].map((f) => [f, 0]));
  const fallbacksByCode: Record<string, number> = {};
  const codedErrorsByCode: Record<string, number> = {};
  const perRequest: Record<string, number> = {};
  let servedByLambda = 0;
  let safeRouteErrors = 0;
  let lost = 0;
  let maxUnkeyedPost = 0;
  const sentIds = new Set<string>();
  const latencies: number[] = [];
  for (const { req, answer } of answers) {
    sentIds.add(req.id);
    bump(byKind, req.kind);
    bump(byFault, req.fault);
    latencies.push(answer.ms);
    const record = ledger.of(req.id);
    const executions = record.function + record.monolith;
    bump(perRequest, String(executions));
    if (req.kind === 'post') maxUnkeyedPost = Math.max(maxUnkeyedPost, executions);
    const verdict = judge(req, answer, { record, faultStatus: FAULT_STATUS, ...(req.key === undefined ? {} : { orderOfKey: ledger.orderOfKey(req.key) }) });
    violations.push(...verdict.violations);
    if (verdict.outcome === 'lambda') servedByLambda++;
    if (verdict.outcome === 'fallback') bump(fallbacksByCode, verdict.code!);
    if (verdict.outcome === 'error') bump(codedErrorsByCode, verdict.code ?? 'none');
    if (verdict.outcome === 'lost') lost++;
    if (req.kind === 'get' && (verdict.outcome === 'error' || verdict.outcome === 'lost')) safeRouteErrors++;
    // Answered exactly once: one request log line per request id in the proxy.
    const lines = log.linesOf(req.id);
    if (lines !== 1) violations.push({ rule: 'answered-not-once', requestId: req.id, detail: `${lines} request log lines in the proxy` });
  }
  if (answers.length !== run.sent) violations.push({ rule: 'lost', detail: `${run.sent} requests sent, ${answers.length} answered` });
  for (const id of ledger.requestIds()) {
    if (!sentIds.has(id)) violations.push({ rule: 'phantom-execution', requestId: id, detail: 'executed, but the client never sent it' });
  }
  violations.push(...log.violations);
  // Positive controls: the disturbances happened and the proxy saw them.
  if (log.flagsFileErrors === 0) violations.push({ rule: 'flags-damage-unseen', detail: 'the flags file was damaged, the proxy logged no flags_file_error' });
  if (log.planReloads < run.sighups) violations.push({ rule: 'reload-missed', detail: `${run.sighups} SIGHUPs, ${log.planReloads} successful plan reloads logged` });
  if (run.proxyExit !== 0) violations.push({ rule: 'proxy-exit', detail: `strangler proxy exited with ${run.proxyExit} on SIGTERM` });
  for (const [name, m] of Object.entries(run.mem)) {
    if (m.growthMiB !== undefined && m.growthMiB > options.rssGrowthMb) {
      violations.push({ rule: 'rss-growth', detail: `${name} RSS peaked ${m.growthMiB} MiB above its post-warm-up size (${m.warmMiB} → ${m.peakMiB}), bound ${options.rssGrowthMb}` });
    }
    if (m.floorGrowthMiB !== undefined && m.floorGrowthMiB > options.rssFloorGrowthMb) {
      violations.push({ rule: 'rss-floor-growth', detail: `${name} RSS floor rose ${m.floorGrowthMiB} MiB over the run (floors by fifth ${m.floorsMiB.join(', ')}), bound ${options.rssFloorGrowthMb}` });
    }
  }
  const violationsByRule: Record<string, number> = {};
  for (const v of violations) bump(violationsByRule, v.rule);
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 10) / 10;
  const sum = (o: Record<string, number>): number => Object.values(o).reduce((a, b) => a + b, 0);
  let fn = 0;
  let mono = 0;
  let shadow = 0;
  for (const id of ledger.requestIds()) {
    const r = ledger.of(id);
    fn += r.function;
    mono += r.monolith;
    shadow += r.shadow;
  }
  return {
    ok: violations.length === 0,
    options,
    requests: answers.length,
    rps: Math.round((answers.length / run.elapsedS) * 10) / 10,
    byKind,
    byFault,
    servedByLambda,
    fallbacks: sum(fallbacksByCode),
    fallbacksByCode,
    codedErrors: sum(codedErrorsByCode),
    codedErrorsByCode,
    safeRouteErrors,
    lost,
    executions: { function: fn, monolith: mono, shadow, perRequest, maxUnkeyedPost },
    breakerTransitions: sum(log.breakerTransitions),
    breakerTransitionsByKind: log.breakerTransitions,
    planReloads: log.planReloads,
    flagsFileErrors: log.flagsFileErrors,
    latencyMs: { p50: pct(0.5), p99: pct(0.99), max: Math.round((latencies.at(-1) ?? 0) * 10) / 10 },
    memory: run.mem,
    violations: violations.length,
    violationsByRule,
    firstViolations: violations.slice(0, KEEP_VIOLATIONS),
  };
}
