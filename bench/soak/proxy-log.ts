import type { Violation } from './oracle.js';

/** pino's numeric levels: info and error. */
const INFO = 30;
const ERROR = 50;
/** The stage the flags file gives every route: a request line with another stage means a flag was lost. */
const FLAG_STAGE = 'live';

/**
 * Reads `strangler proxy`'s JSON log (stdout) as it comes: request lines per request id (a request answered exactly
 * once has exactly one), their stage, breaker transitions, plan reloads and flags file errors. Keeps counters and a
 * map of request ids only, never the lines.
 */
export class ProxyLogWatch {
  requestLines = 0;
  planReloads = 0;
  planReloadFailures = 0;
  flagsFileErrors = 0;
  /** `route from→to` → count. */
  readonly breakerTransitions: Record<string, number> = {};
  readonly violations: Violation[] = [];
  private readonly perRequest = new Map<string, number>();
  private waiters: Array<() => void> = [];

  line(text: string): void {
    if (!text.startsWith('{')) return;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(text) as Record<string, unknown>;
    } catch {
      this.violations.push({ rule: 'log-not-json', detail: `a proxy log line is not JSON: ${text.slice(0, 200)}` });
      return;
    }
    if (entry.msg === 'request' && typeof entry.requestId === 'string') {
      this.requestLines++;
      this.perRequest.set(entry.requestId, (this.perRequest.get(entry.requestId) ?? 0) + 1);
      if (entry.stage !== FLAG_STAGE || entry.stageSource !== 'flag') {
        this.violations.push({
          rule: 'stage-lost',
          requestId: entry.requestId,
          detail: `served at stage ${String(entry.stage)} (${String(entry.stageSource)}), the flags say ${FLAG_STAGE}`,
        });
      }
    } else if (entry.event === 'breaker.transition') {
      const key = `${String(entry.routeId)} ${String(entry.from)}→${String(entry.to)}`;
      this.breakerTransitions[key] = (this.breakerTransitions[key] ?? 0) + 1;
    } else if (entry.event === 'plan.reload') {
      // The SIGHUP notice has no generation; the result line has it (success at info, rejection at error).
      if ((entry.level as number) >= ERROR) this.planReloadFailures++;
      else if (entry.level === INFO && typeof entry.generation === 'number') this.planReloads++;
    } else if (entry.event === 'flags_file_error') {
      this.flagsFileErrors++;
    } else if ((entry.level as number) >= ERROR) {
      this.violations.push({ rule: 'proxy-error-log', detail: `error line: ${text.slice(0, 300)}` });
    }
    for (const w of this.waiters) w();
  }

  linesOf(requestId: string): number {
    return this.perRequest.get(requestId) ?? 0;
  }

  /** Resolves when `check()` holds after a line, or after `timeoutMs` whatever it says (the caller judges). */
  until(check: () => boolean, timeoutMs: number): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== onLine);
        resolve();
      };
      const onLine = (): void => {
        if (check()) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.push(onLine);
    });
  }
}
