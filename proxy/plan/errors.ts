import { defineCodes, StranglerError, type CodeOf } from '../errors/index.js';

/**
 * Codes of a plan that cannot load: the plan itself, or a file it points to (a SAM template read for
 * `functions: { samTemplate }`, which lambda-runtime reads with these codes).
 */
export const PLAN_ERRORS = defineCodes({
  STRANGLER_PLAN_INVALID: { meaning: 'the plan failed validation; every problem is listed as `FILE:LINE:COL field.path: message`' },
  STRANGLER_SAM_TEMPLATE_INVALID: {
    meaning:
      'a SAM template (`functions: { samTemplate }`, `lambda serve --template`) cannot be read, or a function in it cannot run locally (another runtime, a container image, S3 `CodeUri`, a bad value); every problem as `FILE:LINE:COL path: message`',
  },
  STRANGLER_SAM_UNRESOLVED_INTRINSIC: {
    meaning:
      'a SAM template uses `!GetAtt`, `!ImportValue`, `!Ref` to a resource or a parameter without `Default` in a property strangler reads; each is listed at its `FILE:LINE:COL`',
  },
});

export type PlanErrorCode = CodeOf<typeof PLAN_ERRORS>;

/** One thing wrong with a plan, located in its YAML source. */
export interface PlanProblem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** `routes[2].match.path`; `(plan)` for the document itself. */
  path: string;
  message: string;
}

/**
 * A plan that failed to load: every problem at once, not just the first. Files a plan points to (a SAM template)
 * fail with their own `code` but the same problem list, so every caller prints them alike.
 */
export class PlanError extends StranglerError {
  declare readonly code: PlanErrorCode;
  readonly problems: PlanProblem[];
  constructor(problems: PlanProblem[], code: PlanErrorCode = 'STRANGLER_PLAN_INVALID') {
    super(code, problems.map(formatProblem).join('\n'));
    this.name = 'PlanError';
    this.problems = problems;
  }
}

/** `FILE:LINE:COL field.path: message`, the form editors and CI annotations understand. */
export function formatProblem(p: PlanProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.path}: ${p.message}`;
}

/** `['routes', 2, 'match']` → `routes[2].match`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(plan)' : out;
}
