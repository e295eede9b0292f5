import type { RouteReport, ShadowReport } from './build.js';

const pct = (r: number | null): string => (r === null ? '-' : `${(r * 100).toFixed(2)}%`);
const ms = (v: number | null): string => (v === null ? '-' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const sum = (o: Record<string, number>): number => Object.values(o).reduce((a, b) => a + b, 0);

/** A value as it appears in a one-line diff: JSON, cut to `max` characters. */
function show(value: unknown, max = 60): string {
  if (value === undefined) return '(absent)';
  const text = typeof value === 'string' && !value.startsWith('"') ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function summaryRow(r: RouteReport): string[] {
  const gate = r.gate ? `${r.gate.stage}: ${r.gate.pass ? 'pass' : 'FAIL'}` : '-';
  return [
    r.inPlan ? r.route : `${r.route} (not in plan)`,
    r.stage ?? '-',
    String(r.compared),
    pct(r.matchRate),
    String(r.mismatched),
    r.shadowErrors === 0 ? '0' : `${r.shadowErrors} (${pct(r.shadowErrorRate)})`,
    String(sum(r.skipped)),
    `${ms(r.latency.monolith.p99)} / ${ms(r.latency.lambda.p99)}`,
    gate,
  ];
}

function details(r: RouteReport): string[] {
  const out: string[] = [];
  const hasData = r.compared + r.shadowErrors + sum(r.skipped) > 0;
  out.push(`${r.route}${r.stage ? ` (${r.stage})` : ''}`);
  if (!hasData) {
    out.push('  no data yet');
  } else {
    out.push(
      `  compared ${r.compared}: ${r.matched} matched${r.noisy > 0 ? ` (${r.noisy} only on learned noise)` : ''}, ${r.mismatched} mismatched; match rate ${pct(r.matchRate)}`,
    );
    if (r.shadowErrors > 0)
      out.push(
        `  shadow errors ${r.shadowErrors}: ${Object.entries(r.errors)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
      );
    if (sum(r.skipped) > 0)
      out.push(
        `  skipped ${sum(r.skipped)}: ${Object.entries(r.skipped)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
      );
    const { monolith, lambda, p99Ratio } = r.latency;
    out.push(
      ...table([
        ['  latency (ms)', 'p50', 'p95', 'p99', 'n'],
        ['    monolith', ms(monolith.p50), ms(monolith.p95), ms(monolith.p99), String(monolith.count)],
        ['    lambda', ms(lambda.p50), ms(lambda.p95), ms(lambda.p99), String(lambda.count)],
      ]).split('\n'),
    );
    if (p99Ratio !== null) out.push(`    p99 ratio (lambda / monolith) ${p99Ratio.toFixed(2)}`);
  }
  if (r.fields.length > 0) {
    out.push('  top differing fields');
    const rows = [['    field', 'count', ...(r.fields.some((f) => f.verdict) ? ['verdict'] : [])]];
    for (const f of r.fields) rows.push([`    ${f.field}`, String(f.count), ...(rows[0]!.length > 2 ? [f.verdict ?? '-'] : [])]);
    out.push(...table(rows).split('\n'));
  }
  if (r.example) {
    const e = r.example;
    out.push(`  example: ${e.method} ${e.url} (request ${e.requestId ?? '-'}, ${new Date(e.at).toISOString()}, served by ${e.servedBy})`);
    for (const d of e.diffs.slice(0, 8)) out.push(`    ${d.path}: monolith ${show(d.monolith)}, lambda ${show(d.lambda)}`);
    if (e.diffs.length > 8 || e.truncated) out.push(`    … more differences`);
  }
  if (r.noise) {
    const p = r.noise.proposal;
    out.push(`  noise learning: ${r.noise.mode}, ${r.noise.samples} sample(s)`);
    if (p.yaml)
      out.push(
        '  proposed ignore rules (review, then merge into the route in the plan):',
        ...p.yaml
          .trimEnd()
          .split('\n')
          .map((l) => `    ${l}`),
      );
    if (p.notIgnorable.length > 0) out.push(`  noisy but not ignorable: ${p.notIgnorable.join(', ')}`);
  }
  for (const rb of r.rollbacks) out.push(`  ROLLED BACK ${rb.at}: ${rb.message}`);
  if (r.gate) {
    out.push(`  gate to ${r.gate.stage}: ${r.gate.pass ? 'pass' : 'FAIL'}`);
    for (const reason of r.gate.reasons) out.push(`    - ${reason}`);
  }
  return out;
}

/**
 * The human report: a summary table (one row per route) and a section per route with the top differing fields,
 * one example diff, learned noise as a YAML proposal, rollbacks, and the next gate.
 */
export function formatReport(report: ShadowReport): string {
  if (report.routes.length === 0) return `no routes and no shadow data${report.sources.length ? ` in ${report.sources.join(', ')}` : ''}\n`;
  const header = ['ROUTE', 'STAGE', 'COMPARED', 'MATCH', 'MISMATCHED', 'SHADOW ERRORS', 'SKIPPED', 'P99 MONOLITH / LAMBDA (ms)', 'NEXT GATE'];
  const parts = [table([header, ...report.routes.map(summaryRow)]), ...report.routes.map((r) => details(r).join('\n'))];
  const source = report.sources.length > 0 ? `shadow report from ${report.sources.join(', ')} at ${report.generatedAt}\n\n` : '';
  return `${source}${parts.join('\n\n')}\n`;
}
