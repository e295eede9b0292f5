import { appendFileSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { LoadedPlan } from '../proxy/plan/index.js';
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
  const dir = join(loaded.dir, '.strangler');
  const file = join(dir, 'audit.jsonl');
  try {
    mkdirSync(dir, { recursive: true });
    appendFileSync(file, `${JSON.stringify(entry)}\n`);
    io.out(`audit: ${file}\n`);
  } catch (err) {
    io.err(`warning: could not write the audit log ${file}: ${(err as Error).message}\n`);
  }
}
