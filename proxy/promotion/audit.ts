import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Stage } from '../stages/plan.js';
import type { PrewarmReport } from './prewarm.js';

/** One promotion, as `.strangler/audit.jsonl` and the shadow store's events keep it. */
export interface PromotionAuditEntry {
  at: string;
  /** `promote-forced`: the gates (or the prewarm) failed and `force` overrode them. */
  event: 'promote' | 'promote-forced';
  route: string;
  /** The stage before, in words (null: not readable here, as with LaunchDarkly). */
  from: string | null;
  to: Stage;
  percent?: number;
  /** Who asked: the CLI's user, or `admin-api`. */
  user: string;
  reason?: string;
  gate: 'not gated' | 'pass' | 'fail';
  since?: string;
  /** The failing gate checks a forced promotion overrode. */
  failedChecks?: string[];
  /** `prewarm`: what warming the function did before the change. */
  prewarm?: Pick<PrewarmReport, 'requested' | 'invoked' | 'coldStarts' | 'failed'>;
}

/** The append-only audit file next to the plan: one JSON line per change a person makes (promote, shadow reset). */
export function auditFileOf(planDir: string): string {
  return join(planDir, '.strangler', 'audit.jsonl');
}

/** Appends one line to the plan's audit file and answers its path. Throws the file system's error. */
export function appendAuditLine(planDir: string, entry: object): string {
  const file = auditFileOf(planDir);
  mkdirSync(join(planDir, '.strangler'), { recursive: true });
  appendFileSync(file, `${JSON.stringify(entry)}\n`);
  return file;
}

/** The promotion as a shadow store event, so `strangler report` shows it beside the results it relied on. */
export function promotionEvent(entry: PromotionAuditEntry): { route: string; kind: string; message: string; detail: PromotionAuditEntry } {
  const message = `${entry.event === 'promote-forced' ? 'FORCED promotion' : 'promotion'} to ${entry.to}${entry.percent !== undefined ? ` (${entry.percent}%)` : ''} by ${entry.user}`;
  return { route: entry.route, kind: entry.event, message, detail: entry };
}
