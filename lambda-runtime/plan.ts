import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { formatPath, PlanError, type PlanProblem } from '../proxy/plan/errors.js';
import { resolvePlanPath, type LoadedPlan } from '../proxy/plan/loaded.js';
import { substituteEnv } from '../proxy/plan/env.js';
import { loadSamTemplate } from './sam-template.js';
import { FunctionsFileSchema, type FunctionConfig, type FunctionsSection } from '../proxy/schemas/functions.js';

/** The functions a plan declares and the folder their relative paths resolve against. */
export interface PlanFunctions {
  functions: FunctionConfig[];
  baseDir: string;
  /** The functions file or SAM template they came from; undefined when the plan lists them itself. */
  file?: string;
}

/**
 * The plan's functions: its `functions:` list (paths relative to the plan), the functions file it names, or the
 * functions of the SAM template it names (paths relative to that file).
 * @example
 *   const { functions, baseDir } = functionsOfPlan(loadPlanFile('migration-plans/shop.yaml'));
 */
export function functionsOfPlan(loaded: LoadedPlan): PlanFunctions {
  // Typed as the section schema allows, so a plan schema that accepts a file path works here unchanged.
  const section = loaded.plan.functions as FunctionsSection;
  if (Array.isArray(section)) return { functions: section, baseDir: loaded.dir };
  if (typeof section === 'string') {
    const file = resolvePlanPath(loaded, section);
    return { functions: loadFunctionsFile(file), baseDir: dirname(file), file };
  }
  const file = resolvePlanPath(loaded, section.samTemplate);
  return { functions: loadSamTemplate(file, { region: loaded.plan.lambda.region }), baseDir: dirname(file), file };
}

/**
 * Reads a functions file (`functions: [...]`, YAML or JSON) and validates it. Throws PlanError (code
 * STRANGLER_PLAN_INVALID) listing every problem as FILE:LINE:COL field.path: message.
 */
export function loadFunctionsFile(file: string, env: NodeJS.ProcessEnv = process.env): FunctionConfig[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new PlanError([{ file, line: 1, col: 1, path: '(functions file)', message: `cannot read functions file: ${reason}` }]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new PlanError(doc.errors.map((e) => ({ file, ...lines.linePos(e.pos[0]), path: '(functions file)', message: `YAML: ${e.message.split('\n')[0]}` })));
  }
  // `${NAME}` references are resolved here as in the plan itself (proxy/plan/env.ts).
  const envProblems: PlanProblem[] = substituteEnv(doc, text, env).problems.map((p) => ({
    file,
    ...lines.linePos(p.offset),
    path: formatPath(p.path),
    message: p.message,
  }));
  if (envProblems.length > 0) throw new PlanError(envProblems);
  const result = FunctionsFileSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data.functions;
  const problems: PlanProblem[] = result.error.issues.map((issue) => {
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    return {
      file,
      ...lines.linePos(offsetOf(doc.contents, path)),
      path: formatPath(path),
      message: issue.code === 'unrecognized_keys' ? `unknown key "${issue.keys.join('", "')}"` : issue.message,
    };
  });
  throw new PlanError(problems.sort((a, b) => a.line - b.line || a.col - b.col));
}

/** Source offset of the deepest existing node on `path` (a missing field is reported at its parent). */
function offsetOf(root: Node | null, path: readonly PropertyKey[]): number {
  let node: Node | null = root;
  let offset = node?.range?.[0] ?? 0;
  for (const part of path) {
    let next: unknown;
    if (isSeq(node) && typeof part === 'number') next = node.items[part];
    else if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value) === String(part));
      if (pair === undefined) break;
      next = pair.value ?? pair.key;
    }
    if (next === undefined || next === null || typeof next !== 'object' || !('range' in next)) break;
    node = next as Node;
    offset = node.range?.[0] ?? offset;
  }
  return offset;
}
