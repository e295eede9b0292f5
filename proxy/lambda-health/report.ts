/**
 * Lambda's REPORT line, as a pure parser. With `LogType: Tail` the Invoke response carries the last 4 KB of the
 * invocation's log, base64-encoded, in `X-Amz-Log-Result` (SDK: `LogResult`); its last line is the REPORT line:
 *
 *   REPORT RequestId: 3f1c…\tDuration: 12.30 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 180.52 ms\t
 *
 * `Init Duration` is there only when the invocation started a new execution environment (a cold start).
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html (LogType),
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html (the REPORT fields).
 */

/** One parsed REPORT line. Durations in milliseconds, memory in MB. */
export interface LambdaReport {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number | undefined;
  maxMemoryUsedMb: number | undefined;
  /** Only on a cold start. */
  initDurationMs: number | undefined;
  /** True when the line has `Init Duration` (a new execution environment ran the function's init code). */
  coldStart: boolean;
  /** SnapStart: restoring the snapshot replaced init (also a cold start). */
  restoreDurationMs: number | undefined;
  /** `Status: timeout` / `error` on runtimes that print it (managed runtimes since 2023, the local Lambda service). */
  status: string | undefined;
  errorType: string | undefined;
}

const PREFIX = 'REPORT RequestId: ';

/**
 * Parses the REPORT line of a log (the decoded tail); undefined when there is none or it lacks `Duration` or
 * `Billed Duration` (a tail cut in the middle of it). The last REPORT line wins: a 4 KB tail can start inside the
 * previous invocation's output only in theory, but a function may print text that looks like one.
 * @example
 *   parseReportLine('REPORT RequestId: a\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t')
 *   // → { requestId: 'a', durationMs: 1.5, billedDurationMs: 2, coldStart: false, … }
 */
export function parseReportLine(log: string): LambdaReport | undefined {
  let at = log.lastIndexOf(PREFIX);
  // Only at the start of a line: a function printing "… REPORT RequestId: " mid-line is not Lambda's line.
  while (at > 0 && log[at - 1] !== '\n') at = log.lastIndexOf(PREFIX, at - 1);
  if (at === -1) return undefined;
  const end = log.indexOf('\n', at);
  const line = log.slice(at + 'REPORT '.length, end === -1 ? undefined : end);
  const fields = new Map<string, string>();
  for (const part of line.split('\t')) {
    const colon = part.indexOf(': ');
    if (colon > 0) fields.set(part.slice(0, colon).trim(), part.slice(colon + 2).trim());
  }
  const durationMs = millis(fields.get('Duration'));
  const billedDurationMs = millis(fields.get('Billed Duration'));
  if (durationMs === undefined || billedDurationMs === undefined) return undefined;
  const initDurationMs = millis(fields.get('Init Duration'));
  const restoreDurationMs = millis(fields.get('Restore Duration'));
  return {
    requestId: fields.get('RequestId') ?? '',
    durationMs,
    billedDurationMs,
    memorySizeMb: megabytes(fields.get('Memory Size')),
    maxMemoryUsedMb: megabytes(fields.get('Max Memory Used')),
    initDurationMs,
    coldStart: initDurationMs !== undefined || restoreDurationMs !== undefined,
    restoreDurationMs,
    status: fields.get('Status'),
    errorType: fields.get('Error Type'),
  };
}

/**
 * The REPORT line of an `X-Amz-Log-Result` / `LogResult` value (base64 of the log's last 4 KB).
 * Undefined for a missing, empty or report-less tail.
 */
export function parseLogResult(logResult: string | undefined): LambdaReport | undefined {
  if (logResult === undefined || logResult === '') return undefined;
  return parseReportLine(Buffer.from(logResult, 'base64').toString('utf8'));
}

/** True when the log says the function ran out of time (`Status: timeout`, or the classic "Task timed out"). */
export function reportsTimeout(report: LambdaReport | undefined, log?: string): boolean {
  if (report?.status === 'timeout') return true;
  return log !== undefined && /Task timed out after [\d.]+ seconds/.test(log);
}

/** `12.30 ms` → 12.3; anything else → undefined. */
function millis(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^(\d+(?:\.\d+)?) ms$/.exec(value);
  return m === null ? undefined : Number(m[1]);
}

/** `128 MB` → 128. */
function megabytes(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^(\d+) MB$/.exec(value);
  return m === null ? undefined : Number(m[1]);
}
