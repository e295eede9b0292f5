import { Writable } from 'node:stream';

/** One parsed log line (pino writes one JSON object per line). */
export type LogLine = Record<string, unknown> & { level?: number; msg?: string };

export interface LogSink {
  /** Pass as a pino destination (`createProxy(plan, { logDestination: sink.stream })`). */
  stream: Writable;
  /** Every line so far, parsed. */
  lines: LogLine[];
  /** Lines for which `predicate` holds. */
  filter(predicate: (line: LogLine) => boolean): LogLine[];
  /** The first line (already written or still to come) for which `predicate` holds; rejects after `timeoutMs`. */
  waitFor(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

/**
 * A pino destination that parses what it receives, so tests assert on log objects rather than text (pino's own
 * test helper `sink()` does the same). A line that is not JSON fails the test that reads it, with the raw text.
 * @example
 *   const logs = logSink();
 *   const proxy = createProxy(plan, { logDestination: logs.stream });
 *   const line = await logs.waitFor((l) => l.msg === 'request' && l.path === '/products');
 *   expect(line.status).toBe(200);
 */
export function logSink(): LogSink {
  const lines: LogLine[] = [];
  const waiters: Array<{ predicate: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = [];
  let partial = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      partial += chunk.toString();
      let nl: number;
      while ((nl = partial.indexOf('\n')) !== -1) {
        const text = partial.slice(0, nl);
        partial = partial.slice(nl + 1);
        if (text.trim() === '') continue;
        let line: LogLine;
        try {
          line = JSON.parse(text) as LogLine;
        } catch {
          line = { notJson: text };
        }
        lines.push(line);
        for (let i = waiters.length - 1; i >= 0; i--) {
          if (waiters[i]!.predicate(line)) {
            waiters[i]!.resolve(line);
            waiters.splice(i, 1);
          }
        }
      }
      callback();
    },
  });
  return {
    stream,
    lines,
    filter: (predicate) => lines.filter(predicate),
    waitFor(predicate, timeoutMs = 5_000) {
      const found = lines.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = waiters.findIndex((w) => w.resolve === done);
          if (i !== -1) waiters.splice(i, 1);
          reject(new Error(`no matching log line within ${timeoutMs} ms; lines so far:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`));
        }, timeoutMs);
        const done = (line: LogLine): void => {
          clearTimeout(timer);
          resolve(line);
        };
        waiters.push({ predicate, resolve: done });
      });
    },
  };
}
