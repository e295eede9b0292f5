import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadPlanFile, PlanError, formatProblem } from '../../proxy/plan/index.js';
import { functionsOfPlan } from '../../lambda-runtime/plan.js';
import { caseWarnings } from '../../proxy/plan/clashes.js';
import { planJsonSchemaText } from '../../proxy/plan/json-schema.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';

export const planValidate: Command = {
  name: 'plan validate',
  summary: 'check a migration plan; list every problem as FILE:LINE:COL field.path: message',
  help: `Usage: strangler plan validate FILE

Validates a migration plan. Exit 0 and a one-line summary when it is valid; exit 1 with every problem
listed as FILE:LINE:COL field.path: message when it is not. Warnings (route paths that differ only in
case) go to stderr as FILE: warning: field.path: message and do not change the exit code.

Example:
  strangler plan validate migration-plans/shop.yaml`,
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length !== 1) throw new UsageError('expected exactly one plan FILE');
    const file = positionals[0]!;
    try {
      const loaded = loadPlanFile(file);
      const { plan } = loaded;
      // A functions file the plan points to is validated too (its problems are located in that file).
      const { functions } = functionsOfPlan(loaded);
      const stages = new Map<string, number>();
      for (const r of plan.routes) stages.set(r.stage, (stages.get(r.stage) ?? 0) + 1);
      const byStage = [...stages].map(([s, n]) => `${n} ${s}`).join(', ');
      for (const warning of caseWarnings(plan)) io.err(`${file}: warning: ${warning}\n`);
      io.out(
        `${file}: valid: ${plan.routes.length} route(s)${byStage ? ` (${byStage})` : ''}, ${functions.length} function(s)${typeof plan.functions === 'string' ? ` (from ${plan.functions})` : ''}, monolith ${plan.monolith.url}\n`,
      );
      return 0;
    } catch (err) {
      if (!(err instanceof PlanError)) throw err;
      for (const p of err.problems) io.err(`${formatProblem(p)}\n`);
      io.err(`${file}: invalid: ${err.problems.length} problem(s)\n`);
      return 1;
    }
  },
};

const SCHEMA_FILE = fileURLToPath(new URL('../../../migration-plans/plan.schema.json', import.meta.url));

export const planSchema: Command = {
  name: 'plan schema',
  summary: 'print the JSON Schema of plans (or --write it to migration-plans/plan.schema.json)',
  help: `Usage: strangler plan schema [--write]

Prints the JSON Schema generated from the plan's zod schema, for editors (yaml-language-server:
# yaml-language-server: $schema=./plan.schema.json). --write updates migration-plans/plan.schema.json.`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { write: { type: 'boolean' } }, false);
    const text = planJsonSchemaText();
    if (values.write) {
      const old = (() => {
        try {
          return readFileSync(SCHEMA_FILE, 'utf8');
        } catch {
          return '';
        }
      })();
      if (old !== text) writeFileSync(SCHEMA_FILE, text);
      io.out(`${SCHEMA_FILE}: ${old === text ? 'up to date' : 'written'}\n`);
    } else io.out(text);
    return 0;
  },
};
