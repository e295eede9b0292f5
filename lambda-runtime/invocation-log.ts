import { readFileSync } from 'node:fs';
import { parseReportLine, type LambdaReport } from '../proxy/lambda-health/report.js';

/**
 * The log of one invocation as Lambda writes it to CloudWatch and returns (its last 4 KB) in `X-Amz-Log-Result`:
 *
 *   START RequestId: <id> Version: $LATEST
 *   <the function's output>
 *   END RequestId: <id>
 *   REPORT RequestId: <id>\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 80.12 ms\t
 *
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html#node-logging-output
 */

/** `X-Amz-Log-Result` carries the last 4 KB of the log. */
export const TAIL_BYTES = 4096;
/** Bytes of function output kept per invocation (older lines are dropped; the pino log has them all). */
const KEPT_BYTES = 64 * 1024;

export interface Report {
  requestId: string;
  durationMs: number;
  memorySizeMb: number;
  /** Peak resident memory of the runtime process; undefined where the OS does not tell (not Linux). */
  maxMemoryUsedMb: number | undefined;
  /** Only on a cold start: spawn until the runtime asked for its first invocation. */
  initDurationMs?: number;
  /** Set when the invocation did not end with a response or a reported error. */
  status?: { kind: 'timeout' } | { kind: 'error'; errorType: string };
}

/** Lines of one invocation, capped in size. */
export class InvocationLog {
  private readonly lines: string[] = [];
  private bytes = 0;

  add(line: string): void {
    this.lines.push(line);
    this.bytes += line.length + 1;
    while (this.bytes > KEPT_BYTES && this.lines.length > 1) this.bytes -= this.lines.shift()!.length + 1;
  }

  /** The whole log, START to REPORT. */
  render(requestId: string, version: string, init: readonly string[], report: Report): string {
    return [...init, `START RequestId: ${requestId} Version: ${version}`, ...this.lines, `END RequestId: ${requestId}`, reportLine(report), ''].join('\n');
  }
}

/** The REPORT line, tab-separated with a trailing tab, as Lambda prints it. */
export function reportLine(r: Report): string {
  const fields = [
    `REPORT RequestId: ${r.requestId}`,
    `Duration: ${r.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.max(1, Math.ceil(r.durationMs))} ms`,
    `Memory Size: ${r.memorySizeMb} MB`,
    `Max Memory Used: ${r.maxMemoryUsedMb ?? 0} MB`,
  ];
  if (r.initDurationMs !== undefined) fields.push(`Init Duration: ${r.initDurationMs.toFixed(2)} ms`);
  if (r.status?.kind === 'timeout') fields.push('Status: timeout');
  if (r.status?.kind === 'error') fields.push('Status: error', `Error Type: ${r.status.errorType}`);
  return `${fields.join('\t')}\t`;
}

/** Base64 of the last 4 KB of `log`, cut so that it starts on a whole UTF-8 character. */
export function tail(log: string): string {
  const bytes = Buffer.from(log, 'utf8');
  if (bytes.length <= TAIL_BYTES) return bytes.toString('base64');
  let start = bytes.length - TAIL_BYTES;
  while (start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString('base64');
}

/** A parsed REPORT line (for tests and tools reading `X-Amz-Log-Result`). */
export type ParsedReport = LambdaReport;

/**
 * Finds and parses the REPORT line in a log (decoded `X-Amz-Log-Result`). Undefined when there is none. The one
 * REPORT parser is the proxy's (proxy/lambda-health/report.ts): what the service writes is read back by it.
 * @example
 *   const report = parseReport(Buffer.from(result.LogResult!, 'base64').toString());
 */
export function parseReport(log: string): ParsedReport | undefined {
  return parseReportLine(log);
}

/** Peak resident set of a process in MB, from /proc (Linux). Undefined elsewhere or once the process is gone. */
export function maxMemoryUsedMb(pid: number | undefined): number | undefined {
  if (pid === undefined || process.platform !== 'linux') return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Math.ceil(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Calls `onLine` for each line of a child's output (the last one even without a newline). */
export function forEachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => {
    if (rest !== '') onLine(rest);
  });
}
