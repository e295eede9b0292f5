import { parseFlagFile, summarizeFlag, type FlagFile } from '../../proxy/flags/flag-file.js';
import { flagKeyOf, type FileFlagsConfig } from '../../proxy/schemas/flags.js';
import { readFlagsText, setFlagStage } from '../../proxy/flags/set-stage.js';
import { loadPlanFile, resolvePlanPath } from '../../proxy/plan/index.js';
import { isStage, STAGES, type Stage } from '../../proxy/stages/plan.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';

export const flagsSet: Command = {
  name: 'flags set',
  summary: "set a route's stage (or a sticky percentage rollout) in the plan's local flags file",
  help: `Usage: strangler flags set ROUTE STAGE [--percent N [--rest STAGE]] --plan FILE

Writes ROUTE's migration flag in the plan's flags file (flags.source: file), in place and with its
version bumped, so a running proxy reloads it within a second. STAGE is one of
${STAGES.join(', ')}.

  --percent N    give STAGE to N % of users (0-100, up to 3 decimals), sticky per context key;
                 raising N later never moves a user who already had STAGE
  --rest STAGE   the stage of everyone else (default: the current rollout's other stage, else the
                 route's plan stage)
  --plan FILE    the migration plan (required)

Targeting rules and individual targets already in the flag are kept and still take precedence.

Examples:
  strangler flags set products shadow --plan shop.yaml
  strangler flags set products live --percent 20 --rest shadow --plan shop.yaml
  strangler flags set products live --percent 40 --plan shop.yaml`,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, { plan: { type: 'string' }, percent: { type: 'string' }, rest: { type: 'string' } });
    if (positionals.length !== 2) throw new UsageError('expected ROUTE and STAGE');
    const [routeId, stage] = positionals as [string, string];
    if (!isStage(stage)) throw new UsageError(`STAGE must be one of ${STAGES.join(', ')} (got "${stage}")`);
    if (values.rest !== undefined && !isStage(values.rest)) throw new UsageError(`--rest must be one of ${STAGES.join(', ')} (got "${values.rest}")`);
    if (values.rest !== undefined && values.percent === undefined) throw new UsageError('--rest needs --percent');
    const percent = values.percent === undefined ? undefined : parsePercent(values.percent);

    if (values.plan === undefined) throw new UsageError('--plan FILE is required');
    const { file, route, key, flag, summary } = setFlagStage(loadPlanFile(values.plan), routeId, { stage, percent, rest: values.rest as Stage | undefined });
    io.out(`${file}: ${route}: flag ${key} version ${flag.version}: ${summary.text}\n`);
    if (summary.targeted > 0) io.out(`note: ${summary.targeted} targeting rule(s)/target(s) in ${key} still take precedence over this\n`);
    return 0;
  },
};

export const flagsShow: Command = {
  name: 'flags show',
  summary: "print every route's flag key, stage or rollout, and default stage",
  help: `Usage: strangler flags show --plan FILE [--json]

Prints, for every route of the plan: its flag key, the flag's version and what it serves (a stage, or a
rollout such as "shadow 80% / live 20%"), and the default stage used when the flag is unavailable.
With flags.source: launchdarkly the flags live in LaunchDarkly and only keys and defaults are shown.

Example:
  strangler flags show --plan shop.yaml`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { plan: { type: 'string' }, json: { type: 'boolean' } }, false);
    if (values.plan === undefined) throw new UsageError('--plan FILE is required');
    const loaded = loadPlanFile(values.plan);
    const flags = loaded.plan.flags;
    let file: string | undefined;
    let data: FlagFile | undefined;
    if (flags.source === 'file') {
      file = resolvePlanPath(loaded, (flags as FileFlagsConfig).path);
      const text = readFlagsText(file);
      data = text === null ? undefined : parseFlagFile(text, file);
    }
    const rows = loaded.plan.routes.map((route) => {
      const key = flags.source === 'static' ? null : flagKeyOf(route);
      const flag = key === null ? undefined : data?.flags?.[key];
      const summary = flag ? summarizeFlag(flag) : undefined;
      const served = flags.source === 'static' ? route.stage : flags.source === 'launchdarkly' ? '(in LaunchDarkly)' : (summary?.text ?? '(no flag: default)');
      return { route: route.id, flag: key, version: summary?.version ?? null, stage: served, default: route.stage, rollout: summary?.shares ?? null };
    });
    if (values.json) {
      io.out(`${JSON.stringify({ source: flags.source, ...(file ? { file, fileExists: data !== undefined } : {}), routes: rows }, null, 2)}\n`);
      return 0;
    }
    const where = flags.source === 'file' ? `file ${file}${data ? '' : ' (not found: every route uses its default stage)'}` : flags.source;
    io.out(`flags: ${where}\n`);
    const table = [
      ['ROUTE', 'FLAG', 'VERSION', 'STAGE', 'DEFAULT'],
      ...rows.map((r) => [r.route, r.flag ?? '-', r.version === null ? '-' : String(r.version), r.stage, r.default]),
    ];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) io.out(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}\n`);
    return 0;
  },
};

/** `--percent`: 0–100 with at most three decimals (LaunchDarkly weights are thousandths of a percent). */
export function parsePercent(text: string): number {
  if (!/^\d{1,3}(\.\d{1,3})?$/.test(text) || Number(text) > 100)
    throw new UsageError(`--percent must be a number from 0 to 100 with at most 3 decimals (got "${text}")`);
  return Number(text);
}
