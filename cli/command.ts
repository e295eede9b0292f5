import { parseArgs, type ParseArgsConfig } from 'node:util';
import { formatProblem, loadPlanFile, PlanError, type LoadedPlan } from '../proxy/plan/index.js';

/** One `strangler` sub-command. `run` returns the process exit code. */
export interface Command {
  /** Words that select it: `plan validate`. */
  name: string;
  /** One line for `strangler --help`. */
  summary: string;
  /** Full `--help` text: usage line, options, an example. */
  help: string;
  run(args: string[], io: CommandIO): Promise<number>;
}

/** Where a command writes; tests pass their own to read the output. */
export interface CommandIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** A usage mistake: printed with the command's help, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * node:util parseArgs with strict options, turning its errors into UsageError so every command reports a bad
 * flag the same way.
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = true,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * Prints an invalid plan's problems (FILE:LINE:COL field: message, then a count) to stderr; returns exit code 1.
 * A long-running command (`strangler proxy`) names itself and the code on the count line, as its other fatal
 * start-up errors do, so a supervisor's log says what stopped it.
 */
export function reportPlanProblems(file: string, err: PlanError, io: CommandIO, command?: string): number {
  for (const p of err.problems) io.err(`${formatProblem(p)}\n`);
  io.err(`${command === undefined ? '' : `${command}: ${err.code}: `}${file}: invalid: ${err.problems.length} problem(s)\n`);
  return 1;
}

/** Loads a plan for a command, or reports its problems (then returns undefined: exit with 1). */
export function loadPlanForCommand(file: string, io: CommandIO): LoadedPlan | undefined {
  try {
    return loadPlanFile(file);
  } catch (err) {
    if (!(err instanceof PlanError)) throw err;
    reportPlanProblems(file, err, io);
    return undefined;
  }
}
