import { loadPlanFile, type LoadedPlan } from '../../proxy/plan/index.js';
import { checkPrewarmCount, promote as promoteRoute, routeOf, type PromotionResult } from '../../proxy/promotion/index.js';
import { isStage, STAGES, type Stage } from '../../proxy/stages/plan.js';
import { localReport, openForReading, parseWindow, storeTargets } from '../../proxy/shadow/report/index.js';
import { who } from '../audit.js';
import { parseCommandArgs, UsageError, type Command, type CommandIO } from '../command.js';
import { parsePercent } from './flags.js';
import { adminReport } from './report.js';

export const promote: Command = {
  name: 'promote',
  summary: "move a route to a stage if its shadow results pass the stage's gates (file flags: does it; LaunchDarkly: prints it)",
  help: `Usage: strangler promote ROUTE --to STAGE [--percent N] [--force] [--reason TEXT] --plan FILE
                         [--store FILE]... [--admin URL] [--since DURATION] [--prewarm N]

Checks the route's gates for STAGE (gates.live / rampdown / complete: minSamples, minMatchRate,
maxShadowErrorRate, maxP99LatencyRatio) against its shadow results. When one fails, nothing changes:
the reasons are printed and the exit code is 1. When they hold:
  flags.source: file          the route's flag is set (as \`strangler flags set\` does)
  flags.source: launchdarkly  the exact change to make in LaunchDarkly is printed
  flags.source: static        the change to make in the plan is printed
Moving a route back to an earlier stage is never gated. Every promotion is appended to
.strangler/audit.jsonl next to the plan and recorded in the shadow store.

  --to STAGE       ${STAGES.join(', ')}
  --percent N      give STAGE to N % of users only (sticky rollout; the others keep the current stage)
  --force          promote even though gates fail (audit-logged with the failing reasons)
  --reason TEXT    why (audit log)
  --plan FILE      the migration plan (required)
  --store FILE     read these store files instead of the plan's (repeat for several replicas)
  --admin URL      read the results from a running proxy's admin API instead
  --since DURATION judge only the results of the last DURATION (90s, 30m, 1h, 7d; counts are per hour)
  --prewarm N      before the stage changes, invoke the route's function N times at once with the
                   warm-up event and report the cold starts absorbed; a failed invocation stops the
                   promotion (exit 1) unless --force

Examples:
  strangler promote products --to live --percent 10 --plan shop.yaml
  strangler promote products --to live --plan shop.yaml
  strangler promote products --to live --prewarm 10 --plan shop.yaml
  strangler promote products --to live --force --reason "diffs reviewed: INC-99" --plan shop.yaml`,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, {
      to: { type: 'string' },
      percent: { type: 'string' },
      force: { type: 'boolean' },
      reason: { type: 'string' },
      plan: { type: 'string' },
      store: { type: 'string', multiple: true },
      admin: { type: 'string' },
      since: { type: 'string' },
      prewarm: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('expected exactly one ROUTE');
    const routeId = positionals[0]!;
    if (values.to === undefined) throw new UsageError('--to STAGE is required');
    if (!isStage(values.to)) throw new UsageError(`--to must be one of ${STAGES.join(', ')} (got "${values.to}")`);
    if (values.plan === undefined) throw new UsageError('--plan FILE is required');
    if (values.admin !== undefined && values.store !== undefined) throw new UsageError('use either --store or --admin, not both');
    const to: Stage = values.to;
    const window = values.since === undefined ? undefined : parseWindow(values.since, '--since');
    const percent = values.percent === undefined ? undefined : parsePercent(values.percent);
    const prewarm = values.prewarm === undefined ? undefined : prewarmCount(values.prewarm);
    const loaded = loadPlanFile(values.plan);
    routeOf(loaded, routeId);

    const result = await promoteRoute(
      { route: routeId, to, percent, force: values.force, reason: values.reason, since: values.since, prewarm },
      {
        loaded,
        user: who(),
        // The gate's evidence: a running proxy's admin API, or the store files (the plan's, or --store).
        results: async (route) => {
          const report =
            values.admin !== undefined
              ? await adminReport(values.admin, loaded, route, 0, values.since)
              : await localReport(loaded, { stores: values.store ?? [], route, samples: 0, ...(window !== undefined ? { since: Date.now() - window } : {}) });
          return report.routes.find((r) => r.route === route);
        },
        // With --admin the proxy's store is not ours to write: the audit file has the promotion.
        ...(values.admin === undefined ? { recordEvent: (e) => recordInStores(loaded, values.store ?? [], e) } : {}),
      },
    );
    return print(result, values.plan, io);
  },
};

/** The result as the CLI has always printed it; 1 for a refusal. */
function print(result: PromotionResult, planArg: string, io: CommandIO): number {
  const { route, to, from, gate } = result;
  if (result.prewarm !== undefined) {
    const p = result.prewarm;
    io.out(
      `${route}: prewarmed ${p.function}: ${p.invoked}/${p.requested} invocations answered, ${p.coldStarts} cold start(s) absorbed${p.unknown > 0 ? ` (${p.unknown} without a log tail)` : ''}${p.initDurationsMs.length > 0 ? `, Init Duration up to ${Math.max(...p.initDurationsMs)} ms` : ''}\n`,
    );
  }
  if (result.outcome === 'refused') {
    io.err(`strangler promote: ${result.error.code}: ${result.error.message}:\n`);
    for (const reason of result.reasons) io.err(`  - ${reason}\n`);
    io.err(`nothing changed; see \`strangler report --route ${route} --plan ${planArg}\`, or --force (audit-logged)\n`);
    return 1;
  }
  if (gate?.pass) io.out(`${route}: gates for ${to} pass (${gate.checks.map((c) => c.name).join(', ') || 'no checks set'})\n`);
  if (gate === null) io.out(`${route}: ${to} is not gated${from ? ` from ${from}` : ''}\n`);
  if (result.forced)
    io.err(
      `FORCED: ${route} enters ${to} although ${gate?.pass === false ? 'its gates fail' : 'its prewarm failed'}:\n${result.forcedReasons.map((r) => `  - ${r}\n`).join('')}`,
    );
  const change = result.change;
  if (change.source === 'file') {
    io.out(`${change.file}: ${route}: flag ${change.key} version ${change.version}: ${change.serves}\n`);
    if (change.targeted > 0) io.out(`note: ${change.targeted} targeting rule(s)/target(s) in ${change.key} still take precedence over this\n`);
  } else if (change.source === 'launchdarkly') {
    io.out(
      `flags come from LaunchDarkly: make this change there (nothing was changed here):\n` +
        `  flag ${change.key} (a migration flag: variations ${change.variations.join(', ')})\n` +
        `  default rule ("fallthrough"): serve ${change.serve}\n` +
        `  as flag JSON: "fallthrough": ${JSON.stringify(change.fallthrough)}\n`,
    );
  } else {
    io.out(`flags.source is static: set ${change.field} to ${change.stage} in ${change.file} (the proxy reloads the plan when it changes)\n`);
  }
  if (result.audit.file !== null) io.out(`audit: ${result.audit.file}\n`);
  else io.err(`warning: ${result.audit.auditError}\n`);
  return 0;
}

/** `--prewarm N`: a whole number from 1 to 1000. */
function prewarmCount(text: string): number {
  const n = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  try {
    checkPrewarmCount(n);
  } catch (err) {
    throw new UsageError(`--prewarm ${(err as Error).message.replace(/^prewarm /, '')}`);
  }
  return n;
}

/** The promotion in the store files' events too, so `strangler report` shows it beside the results it relied on. */
async function recordInStores(
  loaded: LoadedPlan,
  stores: readonly string[],
  event: Parameters<ReturnType<typeof openForReading>['recordEvent']>[0],
): Promise<void> {
  let targets: ReturnType<typeof storeTargets>;
  try {
    targets = storeTargets(loaded, stores);
  } catch {
    return;
  }
  for (const target of targets) {
    try {
      const store = openForReading(target);
      store.recordEvent(event);
      await store.close();
    } catch {
      // No store yet (a route promoted without gates): the audit file has it.
    }
  }
}
