import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { stringify } from 'yaml';
import { loadPlanFile, maskSecrets, PlanError, formatProblem, planWarnings, type FunctionProbe, type LoadedPlan } from '../../proxy/plan/index.js';
import { createLambdaClient } from '../../proxy/targets/client.js';
import { functionsOfPlan } from '../../lambda-runtime/plan.js';
import { caseWarnings } from '../../proxy/plan/clashes.js';
import { planJsonSchemaText } from '../../proxy/plan/json-schema.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';

export const planValidate: Command = {
  name: 'plan validate',
  summary: 'check a migration plan; list every problem as FILE:LINE:COL field.path: message',
  help: `Usage: strangler plan validate FILE [--print]

Validates a migration plan. Exit 0 and a one-line summary when it is valid; exit 1 with every problem
listed as FILE:LINE:COL field.path: message when it is not. \${NAME} and \${NAME:-default} in values are
read from the environment first; an unset variable without a default is a problem at its line.

Options:
  --print            also print the resolved plan (variables substituted, defaults filled in) as YAML;
                     values of variables named *_TOKEN, *_KEY, *_PASSWORD, *_SECRET, *_PASS or
                     *_CREDENTIALS are shown as ****

A valid plan may still get warnings (FILE:LINE:COL field.path: warning: message, exit 0): a route naming a
function that is neither in functions: nor on lambda.endpoint (asked with a DryRun invocation), and a function
whose timeout is longer than its route's timeoutMs. Route paths that differ only in case are warned about
as FILE: warning: field.path: message.

Example:
  MONOLITH_URL=http://10.0.0.5:3000 strangler plan validate migration-plans/shop.yaml --print`,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, { print: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one plan FILE');
    const file = positionals[0]!;
    try {
      const loaded = loadPlanFile(file);
      const { plan } = loaded;
      // A functions file the plan points to is validated too (its problems are located in that file).
      const { functions } = functionsOfPlan(loaded);
      const warnings = await planWarnings(loaded, { functions, probe: endpointProbe(loaded) });
      for (const w of warnings) io.err(`${w.file}:${w.line}:${w.col} ${w.path}: warning: ${w.message}\n`);
      const source = plan.functions as unknown;
      const from =
        typeof source === 'string'
          ? ` (from ${source})`
          : typeof source === 'object' && source !== null && 'samTemplate' in source
            ? ` (from SAM template ${String(source.samTemplate)})`
            : '';
      const stages = new Map<string, number>();
      for (const r of plan.routes) stages.set(r.stage, (stages.get(r.stage) ?? 0) + 1);
      const byStage = [...stages].map(([s, n]) => `${n} ${s}`).join(', ');
      for (const warning of caseWarnings(plan)) io.err(`${file}: warning: ${warning}\n`);
      const summary = `${file}: valid: ${plan.routes.length} route(s)${byStage ? ` (${byStage})` : ''}, ${functions.length} function(s)${from}, monolith ${plan.monolith.url}${warnings.length > 0 ? `, ${warnings.length} warning(s)` : ''}`;
      const secrets = loaded.secrets ?? [];
      // The summary names the monolith URL, which may carry a secret too.
      io.out(`${maskSecrets(summary, secrets)}\n`);
      if (values.print) io.out(stringify(maskSecrets(plan, secrets)));
      return 0;
    } catch (err) {
      if (!(err instanceof PlanError)) throw err;
      for (const p of err.problems) io.err(`${formatProblem(p)}\n`);
      io.err(`${file}: invalid: ${err.problems.length} problem(s)\n`);
      return 1;
    }
  },
};

/** How long `plan validate` waits for the Lambda endpoint to say whether it has a function. */
const PROBE_TIMEOUT_MS = 2000;

/** Asks the plan's `lambda.endpoint` for a function with a DryRun invocation (runs nothing; 204 when it exists). */
function endpointProbe(loaded: LoadedPlan): ((name: string, qualifier: string | undefined) => Promise<FunctionProbe>) | undefined {
  if (loaded.plan.lambda.endpoint === undefined) return undefined;
  return async (name, qualifier) => {
    const client = createLambdaClient({ ...loaded.plan.lambda, maxAttempts: 1 });
    try {
      await client.send(new InvokeCommand({ FunctionName: name, Qualifier: qualifier, InvocationType: 'DryRun' }), {
        abortSignal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      return { found: true };
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return { found: false, reason: 'does not have it' };
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).name;
      return { found: false, reason: `cannot be reached to check (${code})` };
    } finally {
      client.destroy();
    }
  };
}

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
