import type { FunctionConfig } from '../schemas/functions.js';
import { locateInPlan, type LoadedPlan, type PlanProblem } from './load.js';

/**
 * Findings about a valid plan that will likely not do what its author meant: `strangler plan validate` prints them
 * as warnings (exit status 0), located like problems.
 */

/** Whether the Lambda endpoint has a function (a DryRun invocation), or why it could not tell. */
export type FunctionProbe = { found: true } | { found: false; reason: string };

export interface PlanWarningOptions {
  /** The functions the plan declares (its list, functions file or SAM template). */
  functions: readonly FunctionConfig[];
  /** Asks `lambda.endpoint` for a function the plan does not declare. Without it, undeclared functions are not checked. */
  probe?: (name: string, qualifier: string | undefined) => Promise<FunctionProbe>;
}

/**
 * - A route names a function that is not in `functions:` and that `lambda.endpoint` (the local service) does not
 *   have either: its invocations will fail with ResourceNotFound. Routes that stay `off` with static flags are
 *   skipped (the monolith serves them; naming the future function early is how a plan maps the monolith out).
 *   Without `lambda.endpoint` the functions live in AWS, which validation does not call.
 * - A function's `timeout` is longer than its route waits (`timeoutMs`, default 10000 ms): the proxy gives up (and
 *   may fall back to the monolith) while the function keeps running, so a slow write can happen twice.
 * @example
 *   for (const w of await planWarnings(loaded, { functions, probe })) console.warn(formatProblem(w));
 */
export async function planWarnings(loaded: LoadedPlan, options: PlanWarningOptions): Promise<PlanProblem[]> {
  const { plan, file } = loaded;
  const declared = new Map(options.functions.map((f) => [f.name, f]));
  const warnings: PlanProblem[] = [];
  const at = (path: PropertyKey[], pathText: string, message: string): void => {
    warnings.push({ file, ...locateInPlan(file, path), path: pathText, message });
  };
  const probes = new Map<string, Promise<FunctionProbe>>();
  for (const [i, route] of plan.routes.entries()) {
    const { name, qualifier } = route.function;
    const fn = declared.get(name);
    if (fn === undefined) {
      if (route.stage === 'off' && plan.flags.source === 'static') continue;
      if (plan.lambda.endpoint === undefined || options.probe === undefined) continue;
      const key = `${name}:${qualifier ?? ''}`;
      if (!probes.has(key)) probes.set(key, options.probe(name, qualifier));
      const probe = await probes.get(key)!;
      if (!probe.found) {
        at(
          ['routes', i, 'function', 'name'],
          `routes[${i}].function.name`,
          `function "${name}" is not in functions: and ${plan.lambda.endpoint} ${probe.reason}: its invocations will fail (ResourceNotFound)`,
        );
      }
      continue;
    }
    const functionMs = fn.timeout * 1000;
    if (functionMs > route.timeoutMs) {
      at(
        ['routes', i, 'timeoutMs'],
        `routes[${i}].timeoutMs`,
        `function "${name}" may run ${fn.timeout} s (its timeout) but this route waits ${route.timeoutMs} ms: the proxy gives up while the function keeps running; raise timeoutMs or lower the function's timeout`,
      );
    }
  }
  return warnings;
}
