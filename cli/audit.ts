import { userInfo } from 'node:os';
import type { LoadedPlan } from '../proxy/plan/index.js';
import { appendAuditLine, auditFileOf } from '../proxy/promotion/audit.js';
import type { CommandIO } from './command.js';

/**
 * The CLI's audit file: one JSON line per change a person makes through it (`promote`, `shadow reset`) in
 * `.strangler/audit.jsonl` next to the plan (append-only, greppable). The proxy logs its own audit lines.
 */

/** Who runs the command, for audit lines. */
export function who(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** Appends `entry` to the plan's audit file; a failure to write is a warning, not a failed command. */
export function writeAudit(loaded: Pick<LoadedPlan, 'dir'>, entry: Record<string, unknown>, io: CommandIO): void {
  try {
    io.out(`audit: ${appendAuditLine(loaded.dir, entry)}\n`);
  } catch (err) {
    io.err(`warning: could not write the audit log ${auditFileOf(loaded.dir)}: ${(err as Error).message}\n`);
  }
}
