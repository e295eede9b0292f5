import type { SoakSummary } from './summary.js';

const list = (o: Record<string, number>): string =>
  Object.entries(o)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '—';

/** The soak's compact table (markdown), then `SOAK_SUMMARY <json>` on one line for tools and the test. */
export function formatSummary(s: SoakSummary): string {
  const o = s.options;
  const mem = (name: 'proxy' | 'lambda'): string => {
    const m = s.memory[name];
    return `${m.warmMiB ?? '?'} → peak ${m.peakMiB ?? '?'} (+${m.growthMiB ?? '?'}); floor by fifth ${m.floorsMiB.join(', ')} (+${m.floorGrowthMiB ?? '?'}) MiB`;
  };
  const rows: Array<[string, string]> = [
    ['run', `${o.duration} s, fault rate ${o.faultRate}, concurrency ${o.concurrency}, seed ${o.seed}${o.maxRps > 0 ? `, ≤ ${o.maxRps} req/s` : ''}`],
    ['requests', `${s.requests} (${s.rps} req/s): ${list(s.byKind)}`],
    ['faults injected', list(s.byFault)],
    ['served by the function', String(s.servedByLambda)],
    ['fallbacks', `${s.fallbacks}: ${list(s.fallbacksByCode)}`],
    ['coded errors (POST without key)', `${s.codedErrors}: ${list(s.codedErrorsByCode)}`],
    ['client-visible errors on safe routes', String(s.safeRouteErrors)],
    ['lost requests', String(s.lost)],
    ['executions (function / monolith / shadow)', `${s.executions.function} / ${s.executions.monolith} / ${s.executions.shadow}`],
    ['executions per request id', list(s.executions.perRequest)],
    ['max executions, POST without key', String(s.executions.maxUnkeyedPost)],
    ['breaker transitions', `${s.breakerTransitions}: ${list(s.breakerTransitionsByKind)}`],
    ['plan reloads (SIGHUP) / flags file errors', `${s.planReloads} / ${s.flagsFileErrors}`],
    ['latency p50 / p99 / max', `${s.latencyMs.p50} / ${s.latencyMs.p99} / ${s.latencyMs.max} ms`],
    ['RSS proxy (after warm-up → peak)', mem('proxy')],
    ['RSS Lambda service', mem('lambda')],
    ['invariants', s.ok ? 'all held' : `${s.violations} broken: ${list(s.violationsByRule)}`],
  ];
  const lines = ['| soak | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
  for (const v of s.firstViolations) lines.push(`  ✗ ${v.rule}${v.requestId ? ` ${v.requestId}` : ''}: ${v.detail}`);
  lines.push(`SOAK_SUMMARY ${JSON.stringify(s)}`);
  return `${lines.join('\n')}\n`;
}
