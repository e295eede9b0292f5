import { assignStage } from '../../proxy/flags/flag-file.js';
import { flagKeyOf, type LaunchDarklyFlagsConfig } from '../../proxy/flags/schema.js';
import { loadPlanFile, type LoadedPlan } from '../../proxy/plan/index.js';
import { isStage, STAGES, type Stage } from '../../proxy/stages/plan.js';
import { GATED_STAGES, resolveGates, type GatedStage } from '../../proxy/shadow/config.js';
import { ShadowError, SHADOW_ERROR_CODES } from '../../proxy/shadow/errors.js';
import { checkGate, type GateResult } from '../../proxy/shadow/gates/check.js';
import { currentStages, localReport, openForReading, parseWindow, storeTargets, type RouteReport } from '../../proxy/shadow/report/index.js';
import { who, writeAudit } from '../audit.js';
import { parseCommandArgs, UsageError, type Command, type CommandIO } from '../command.js';
import { flagsSet } from './flags.js';
import { adminReport } from './report.js';

export const promote: Command = {
  name: 'promote',
  summary: "move a route to a stage if its shadow results pass the stage's gates (file flags: does it; LaunchDarkly: prints it)",
  help: `Usage: strangler promote ROUTE --to STAGE [--percent N] [--force] [--reason TEXT] --plan FILE
                         [--store FILE]... [--admin URL]

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

Examples:
  strangler promote products --to live --percent 10 --plan shop.yaml
  strangler promote products --to live --plan shop.yaml
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
    });
    if (positionals.length !== 1) throw new UsageError('expected exactly one ROUTE');
    const routeId = positionals[0]!;
    if (values.to === undefined) throw new UsageError('--to STAGE is required');
    if (!isStage(values.to)) throw new UsageError(`--to must be one of ${STAGES.join(', ')} (got "${values.to}")`);
    if (values.plan === undefined) throw new UsageError('--plan FILE is required');
    if (values.admin !== undefined && values.store !== undefined) throw new UsageError('use either --store or --admin, not both');
    const to: Stage = values.to;
    const window = values.since === undefined ? undefined : parseWindow(values.since, '--since');
    const loaded = loadPlanFile(values.plan);
    const route = loaded.plan.routes.find((r) => r.id === routeId);
    if (!route) {
      throw new ShadowError(SHADOW_ERROR_CODES.unknownRoute, `${loaded.file}: no route "${routeId}" (routes: ${loaded.plan.routes.map((r) => r.id).join(', ') || '(none)'})`);
    }
    if (values.percent !== undefined && !/^\d{1,3}(\.\d{1,3})?$/.test(values.percent)) {
      throw new UsageError(`--percent must be a number from 0 to 100 with at most 3 decimals (got "${values.percent}")`);
    }
    if (values.percent !== undefined && Number(values.percent) > 100) throw new UsageError(`--percent must be at most 100 (got "${values.percent}")`);

    const current = currentStages(loaded).get(route.id) ?? null;
    const gated = isGated(to, current);
    let gate: GateResult | null = null;
    let stats: RouteReport | undefined;
    if (gated) {
      const report =
        values.admin !== undefined
          ? await adminReport(values.admin, loaded, route.id, 0, values.since)
          : await localReport(loaded, { stores: values.store ?? [], route: route.id, samples: 0, ...(window !== undefined ? { since: Date.now() - window } : {}) });
      stats = report.routes.find((r) => r.route === route.id);
      const gates = resolveGates(loaded.plan.shadow, route);
      gate = checkGate(to as GatedStage, gates[to as GatedStage], {
        compared: stats?.compared ?? 0,
        matchRate: stats?.matchRate ?? null,
        shadowErrorRate: stats?.shadowErrorRate ?? null,
        p99: { monolith: stats?.latency.monolith.p99 ?? null, lambda: stats?.latency.lambda.p99 ?? null },
      });
    }
    const failed = gate !== null && !gate.pass;
    const audit = {
      at: new Date().toISOString(),
      event: failed ? 'promote-forced' : 'promote',
      route: route.id,
      from: current,
      to,
      ...(values.percent !== undefined ? { percent: Number(values.percent) } : {}),
      user: who(),
      ...(values.reason !== undefined ? { reason: values.reason } : {}),
      gate: gate === null ? 'not gated' : gate.pass ? 'pass' : 'fail',
      ...(values.since !== undefined ? { since: values.since } : {}),
      ...(failed ? { failedChecks: gate!.reasons } : {}),
    };

    if (failed && !values.force) {
      io.err(`strangler promote: ${SHADOW_ERROR_CODES.gatesFailed}: ${route.id} cannot enter ${to}${current ? ` (now ${current})` : ''}:\n`);
      for (const reason of gate!.reasons) io.err(`  - ${reason}\n`);
      io.err(`nothing changed; see \`strangler report --route ${route.id} --plan ${values.plan}\`, or --force (audit-logged)\n`);
      return 1;
    }
    if (gate?.pass) io.out(`${route.id}: gates for ${to} pass (${gate.checks.map((c) => c.name).join(', ') || 'no checks set'})\n`);
    if (!gated) io.out(`${route.id}: ${to} is not gated${current ? ` from ${current}` : ''}\n`);
    if (failed) {
      io.err(`FORCED: ${route.id} enters ${to} although its gates fail:\n${gate!.reasons.map((r) => `  - ${r}\n`).join('')}`);
    }

    const code = await apply(loaded, route.id, to, values.percent, current, values.plan, io);
    if (code !== 0) return code;
    writeAudit(loaded, audit, io);
    await recordEvent(loaded, values.store ?? [], values.admin === undefined, route.id, audit);
    return 0;
  },
};

/** Gated: entering live/rampdown/complete, unless that is a step back from where the route is now. */
export function isGated(to: Stage, current: string | null): boolean {
  if (!(GATED_STAGES as readonly string[]).includes(to)) return false;
  if (current === null) return true;
  const named = STAGES.filter((s) => new RegExp(`\\b${s}\\b`).test(current));
  if (named.length === 0) return true;
  return STAGES.indexOf(to) >= Math.max(...named.map((s) => STAGES.indexOf(s)));
}

async function apply(loaded: LoadedPlan, routeId: string, to: Stage, percent: string | undefined, current: string | null, planArg: string, io: CommandIO): Promise<number> {
  const flags = loaded.plan.flags;
  const rest = current !== null && isStage(current) && current !== to ? current : undefined;
  if (flags.source === 'file') {
    // The flags helper's own command: one implementation of writing the flag file.
    return flagsSet.run([routeId, to, ...(percent !== undefined ? ['--percent', percent, ...(rest ? ['--rest', rest] : [])] : []), '--plan', planArg], io);
  }
  const route = loaded.plan.routes.find((r) => r.id === routeId)!;
  if (flags.source === 'launchdarkly') {
    const key = flagKeyOf(route);
    const kind = (flags as LaunchDarklyFlagsConfig).context.kind;
    const other = rest ?? route.stage;
    const flag = assignStage(key, undefined, { stage: to, ...(percent !== undefined ? { percent: Number(percent), rest: other } : {}), contextKind: kind });
    const what = percent !== undefined && Number(percent) < 100 ? `a percentage rollout: ${to} ${Number(percent)}%, ${other} ${100 - Number(percent)}% (by ${kind})` : `"${to}"`;
    io.out(
      `flags come from LaunchDarkly: make this change there (nothing was changed here):\n` +
        `  flag ${key} (a migration flag: variations ${STAGES.join(', ')})\n` +
        `  default rule ("fallthrough"): serve ${what}\n` +
        `  as flag JSON: "fallthrough": ${JSON.stringify(flag.fallthrough)}\n`,
    );
    return 0;
  }
  if (percent !== undefined && Number(percent) < 100) {
    throw new ShadowError(SHADOW_ERROR_CODES.promoteUnsupported, `flags.source is static: a percentage rollout needs flags.source: file or launchdarkly`);
  }
  const index = loaded.plan.routes.findIndex((r) => r.id === routeId);
  io.out(`flags.source is static: set routes[${index}].stage to ${to} in ${loaded.file} (the proxy reloads the plan when it changes)\n`);
  return 0;
}

/** The promotion in the store's events too, so `strangler report` shows it beside the results it relied on. */
async function recordEvent(loaded: LoadedPlan, stores: readonly string[], local: boolean, routeId: string, entry: Record<string, unknown>): Promise<void> {
  if (!local) return;
  let targets: ReturnType<typeof storeTargets>;
  try {
    targets = storeTargets(loaded, stores);
  } catch {
    return;
  }
  for (const target of targets) {
    try {
      const store = openForReading(target);
      const message = `${entry.event === 'promote-forced' ? 'FORCED promotion' : 'promotion'} to ${String(entry.to)}${entry.percent !== undefined ? ` (${String(entry.percent)}%)` : ''} by ${String(entry.user)}`;
      store.recordEvent({ route: routeId, kind: String(entry.event), message, detail: entry });
      await store.close();
    } catch {
      // No store yet (a route promoted without gates): the audit file has it.
    }
  }
}
