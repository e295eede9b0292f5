import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { substituteEnv } from './env.js';
import { allowedKeysAt, closest, valueAt } from './hints.js';
import { formatPath, PlanError, type PlanProblem } from './errors.js';
import type { LoadedPlan } from './loaded.js';
import { PlanSchema, type Plan } from './schema.js';

// Callers that load plans reach the loaded plan's and the problems' helpers here too.
export { formatPath, formatProblem, PlanError, type PlanProblem } from './errors.js';
export { resolvePlanPath, type LoadedPlan } from './loaded.js';

/** Where `${NAME}` references in a plan are read from; process.env unless a caller (a test) says otherwise. */
export interface PlanLoadOptions {
  env?: NodeJS.ProcessEnv;
}

/**
 * Parses and validates plan text, with `${NAME}` references replaced from the environment. Throws PlanError
 * listing every problem with its line and column.
 * @example
 *   const plan = parsePlan(readFileSync('shop.yaml', 'utf8'), 'shop.yaml');
 */
export function parsePlan(text: string, file: string, options: PlanLoadOptions = {}): Plan {
  return parsePlanText(text, file, options).plan;
}

function parsePlanText(text: string, file: string, options: PlanLoadOptions): { plan: Plan; secrets: string[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): { line: number; col: number } => lines.linePos(offset);

  if (doc.errors.length > 0) {
    throw new PlanError(doc.errors.map((e) => ({ file, ...at(e.pos[0]), path: '(plan)', message: `YAML: ${e.message.split('\n')[0]}` })));
  }
  const env = substituteEnv(doc, text, options.env ?? process.env);
  const envProblems: PlanProblem[] = env.problems.map((p) => ({ file, ...at(p.offset), path: formatPath(p.path), message: p.message }));
  const data: unknown = doc.toJS() ?? {};
  const result = PlanSchema.safeParse(data);
  if (result.success && envProblems.length === 0) return { plan: result.data, secrets: env.secrets };
  // A value left unresolved would also fail its schema check: report the missing variable, not the symptom.
  const unresolved = new Set(envProblems.map((p) => p.path));
  const schemaProblems = result.success ? [] : issuesToProblems(result.error.issues, doc, data, file, at).filter((p) => !unresolved.has(p.path));
  throw new PlanError([...envProblems, ...schemaProblems].sort((a, b) => a.line - b.line || a.col - b.col));
}

/** Reads, parses and validates a plan file. */
export function loadPlanFile(file: string, options: PlanLoadOptions = {}): LoadedPlan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new PlanError([{ file, line: 1, col: 1, path: '(plan)', message: `cannot read plan: ${reason}` }]);
  }
  const { plan, secrets } = parsePlanText(text, file, options);
  return { plan, file, dir: dirname(resolve(file)), secrets };
}

/**
 * The line and column of `path` in a plan file (its nearest existing ancestor when the field is not written), for
 * findings about a plan that already loaded (`plan validate`'s warnings).
 */
export function locateInPlan(file: string, path: readonly PropertyKey[]): { line: number; col: number } {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false });
  return lines.linePos(locate(doc, path, false).offset);
}

function issuesToProblems(
  issues: z.core.$ZodIssue[],
  doc: Document,
  data: unknown,
  file: string,
  at: (offset: number) => { line: number; col: number },
): PlanProblem[] {
  const problems: PlanProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      // One problem per unknown key, located at the key itself, with a hint when it looks like a typo.
      const allowed = allowedKeysAt(PlanSchema, issue.path, data);
      for (const key of issue.keys) {
        const { offset } = locate(doc, [...issue.path, key], true);
        problems.push({ file, ...at(offset), path: formatPath([...issue.path, key]), message: unknownKeyMessage(key, allowed) });
      }
      continue;
    }
    const { offset, found } = locate(doc, issue.path, false);
    let message = issue.message;
    const tags = discriminatorOptions(issue);
    if (!found && issue.code === 'invalid_type') message = `required (expected ${issue.expected})`;
    else if (issue.code === 'invalid_value') message += valueHint(valueAt(data, issue.path), issue.values);
    // A discriminated union's tag (`flags.source`, `context.key.from`) is worded like any other enum field.
    else if (tags !== undefined && !found) message = `required (expected one of ${tags.map((t) => JSON.stringify(t)).join('|')})`;
    else if (tags !== undefined)
      message = `Invalid option: expected one of ${tags.map((t) => JSON.stringify(t)).join('|')}${valueHint(valueAt(data, issue.path), tags)}`;
    problems.push({ file, ...at(offset), path: formatPath(issue.path), message });
  }
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}

/** The allowed tags when zod found no union option for a discriminator value (zod 4: `note: No matching discriminator`). */
function discriminatorOptions(issue: z.core.$ZodIssue): readonly unknown[] | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  const { note, options } = issue as { note?: string; options?: unknown };
  return note === 'No matching discriminator' && Array.isArray(options) ? options : undefined;
}

/** `unknown key "timeoutMS"; did you mean "timeoutMs"?`, else the keys that are allowed there. */
function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const suggestion = closest(key, allowed);
  if (suggestion !== undefined) return `unknown key "${key}"; did you mean "${suggestion}"?`;
  return allowed.length > 0 ? `unknown key "${key}" (allowed here: ${allowed.join(', ')})` : `unknown key "${key}"`;
}

/** For a value outside an enum: what was written and, for a likely typo, the value meant. */
function valueHint(value: unknown, values: readonly unknown[]): string {
  if (typeof value !== 'string') return '';
  const suggestion = closest(
    value,
    values.filter((v): v is string => typeof v === 'string'),
  );
  return `; got "${value}"${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`}`;
}

/**
 * The source offset of the node at `path` (its key when `atKey`); a missing node is reported at its nearest
 * existing ancestor, so "required" errors point at the object that lacks the field.
 */
function locate(doc: Document, path: readonly PropertyKey[], atKey: boolean): { offset: number; found: boolean } {
  let node: Node | null = doc.contents;
  let offset = node?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    const last = i === path.length - 1;
    let next: Node | null = null;
    let keyOffset: number | undefined;
    if (isSeq(node) && typeof part === 'number') {
      next = (node.items[part] as Node | undefined) ?? null;
    } else if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (pair) {
        keyOffset = (pair.key as Node).range?.[0];
        next = (pair.value as Node | null) ?? null;
      }
    }
    if (last && atKey && keyOffset !== undefined) return { offset: keyOffset, found: true };
    if (next === null) return { offset: keyOffset ?? offset, found: false };
    node = next;
    offset = node.range?.[0] ?? offset;
  }
  return { offset, found: true };
}
