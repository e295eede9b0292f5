import type { Ledger } from './ledger.js';
import type { MemoryFigures } from './memory.js';
import { judge, type Violation } from './oracle.js';
import { FAULTS, type SoakOptions } from './options.js';
import type { ProxyLogWatch } from './proxy-log.js';
import type { ClientAnswer, SoakRequest } from './traffic.js';

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

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** What one run collected, for the verdict. */
export interface RunData {
  answers: Array<{ req: SoakRequest; answer: ClientAnswer }>;
  sent: number;
  elapsedS: number;
  ledger: Ledger;
  log: ProxyLogWatch;
  mem: Record<'proxy' | 'lambda', MemoryFigures>;
  proxyExit: number | null;
  sighups: number;
  /** The status the function answers for the `status` fault. */
  faultStatus: number;
  /** The route whose every call is throttled: throttles do not count for the breaker, so it never opens. */
  throttledRoute: string;
}

/**
 * Judges every request of a run (./oracle.ts) and the run as a whole (answered once, nothing phantom, the positive
 * controls, memory), and counts what happened.
 */
export function summarise(options: SoakOptions, run: RunData): SoakSummary {
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
    const verdict = judge(req, answer, { record, faultStatus: run.faultStatus, ...(req.key === undefined ? {} : { orderOfKey: ledger.orderOfKey(req.key) }) });
    violations.push(...verdict.violations);
    if (verdict.outcome === 'lambda') servedByLambda++;
    if (verdict.outcome === 'fallback') bump(fallbacksByCode, verdict.code!);
    if (verdict.outcome === 'error') bump(codedErrorsByCode, verdict.code ?? 'none');
    if (verdict.outcome === 'lost') lost++;
    if (req.kind === 'get' && (!answer.ok || answer.status >= 400)) safeRouteErrors++;
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
  if (log.planReloads < run.sighups)
    violations.push({ rule: 'reload-missed', detail: `${run.sighups} SIGHUPs, ${log.planReloads} successful plan reloads logged` });
  const throttledOpened = Object.entries(log.breakerTransitions).filter(([k]) => k.startsWith(`${run.throttledRoute} `));
  if (throttledOpened.length > 0)
    violations.push({
      rule: 'throttle-opened-breaker',
      detail: `the always-throttled route's breaker moved: ${throttledOpened.map(([k, n]) => `${k} ${n}`).join(', ')}`,
    });
  if (run.proxyExit !== 0) violations.push({ rule: 'proxy-exit', detail: `strangler proxy exited with ${run.proxyExit} on SIGTERM` });
  for (const [name, m] of Object.entries(run.mem)) {
    if (m.growthMiB !== undefined && m.growthMiB > options.rssGrowthMb) {
      violations.push({
        rule: 'rss-growth',
        detail: `${name} RSS peaked ${m.growthMiB} MiB above its post-warm-up size (${m.warmMiB} → ${m.peakMiB}), bound ${options.rssGrowthMb}`,
      });
    }
    if (m.floorGrowthMiB !== undefined && m.floorGrowthMiB > options.rssFloorGrowthMb) {
      violations.push({
        rule: 'rss-floor-growth',
        detail: `${name} RSS floor rose ${m.floorGrowthMiB} MiB over the run (floors by fifth ${m.floorsMiB.join(', ')}), bound ${options.rssFloorGrowthMb}`,
      });
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
