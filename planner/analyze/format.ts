/**
 * The report as text: a routes table and a candidates table (traffic share, stage, fitness, cost, cold-start
 * forecast), the reasons behind every verdict that is not a plain fit, and the candidates' plan snippets.
 */
import type { AnalysisReport } from './analyze.js';
import type { Finding } from './fitness.js';

/**
 * @example
 *   io.out(formatAnalysis(report));
 */
export function formatAnalysis(report: AnalysisReport, options: { snippets?: boolean } = {}): string {
  const arch = report.settings.architecture;
  const out: string[] = [];
  const from = new Date(report.window.from).toISOString();
  out.push(
    `Traffic: ${report.requests} requests over ${report.window.minutes} minute(s) from ${from}${report.otherRequests > 0 ? ` (${report.otherRequests} past the template cap, as (other))` : ''}`,
  );
  out.push(
    `Prices: ${report.settings.prices.region}, taken ${report.settings.prices.takenOn} (${report.settings.prices.source}); architecture ${arch}; idle lifetime ${report.settings.idleLifetimeS} s; cold-start target ${pct(report.settings.coldStartTarget)}`,
  );
  out.push('');
  out.push('Routes');
  out.push(
    table(
      ['route', 'plan id', 'stage', 'requests', 'share', 'load', 'mean ms', 'p99 ≤ ms', 'max resp', 'fitness', 'candidate'],
      report.routes.map((r) => [
        r.key,
        r.routeId ?? '-',
        r.stage ?? '-',
        String(r.requests),
        pct(r.share),
        load(r.fitness.findings),
        r.lambdaMeanMs !== null ? `${r.lambdaMeanMs} (λ)` : r.monolithMeanMs !== null ? String(r.monolithMeanMs) : '-',
        r.p99Ms === null ? '-' : r.p99Ms === -1 ? '>300000' : String(r.p99Ms),
        bytes(r.maxResponseBytes),
        r.fitness.verdict,
        r.candidate ?? '-',
      ]),
    ),
  );
  const notable = (f: { verdict: string }): boolean => f.verdict !== 'fit' && f.verdict !== 'unknown';
  const notes = [
    ...report.routes.flatMap((r) => r.fitness.findings.filter(notable).map((f) => `  ${r.key}: ${f.verdict} (${f.rule}): ${f.reason}`)),
    ...report.candidates.flatMap((c) => c.findings.filter(notable).map((f) => `  function ${c.functionName}: ${f.verdict} (${f.rule}): ${f.reason}`)),
  ];
  if (notes.length > 0) out.push('', 'Why', ...notes);
  out.push('', 'Candidate functions');
  out.push(
    table(
      [
        'function',
        'grouped by',
        'routes',
        'share',
        'load',
        'stage',
        'fitness',
        'req/month',
        'mean ms',
        'memory',
        `$/month ${arch}`,
        '$/month other',
        'cold starts',
        'provisioned',
      ],
      report.candidates.map((c) => {
        const f = c.forecast;
        const other = arch === 'x86_64' ? 'arm64' : 'x86_64';
        return [
          c.functionName,
          `${c.groupedBy} ${c.name}`,
          String(c.routes.length),
          pct(c.share),
          load(c.findings),
          c.stages.join(','),
          c.fitness,
          compact(f.requestsPerMonth),
          `${Math.round(f.durationMs * 10) / 10} (${f.durationSource})`,
          `${f.memoryMb} MB`,
          `$${f.cost[arch].totalUsd.toFixed(2)}`,
          `$${f.cost[other].totalUsd.toFixed(2)} ${other}`,
          `${pct(f.coldStarts.share)} (${compact(f.coldStarts.perMonth)}/month)`,
          f.provisioned.concurrency === 0 ? 'not needed' : `${f.provisioned.concurrency} for $${f.provisioned.monthlyUsd[arch].toFixed(2)}/month`,
        ];
      }),
    ),
  );
  if (options.snippets !== false) {
    out.push('', 'Plan snippets (paste into the plan; review ids, handler and memory)');
    for (const c of report.candidates) out.push('', c.snippet.trimEnd());
  }
  return `${out.join('\n')}\n`;
}

/** The load rule's numbers in a few characters: `8/s CV 0.05`, or `-` before it can judge. */
function load(findings: readonly Finding[]): string {
  const f = findings.find((x) => x.rule === 'load');
  if (f === undefined || f.verdict === 'unknown') return '-';
  const perS = f.evidence.meanRatePerS ?? 0;
  const rate = perS >= 1 ? `${Math.round(perS * 10) / 10}/s` : `${Math.round(perS * 600) / 10}/min`;
  return `${rate} CV ${(f.evidence.cv ?? 0).toFixed(2)}`;
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function pct(share: number): string {
  const p = share * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p >= 1 ? p.toFixed(1) : p.toFixed(2)}%`;
}

function bytes(n: number): string {
  if (n === 0) return '-';
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

function compact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}
