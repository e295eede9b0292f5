import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLogResult, parseReportLine, reportsTimeout } from '../../../proxy/lambda-health/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/lambda-health/${name}`, import.meta.url), 'utf8');

describe("parseReportLine: the REPORT line of a Lambda log tail, in AWS's format", () => {
  it.each([
    [
      'cold.log',
      {
        requestId: '8f507cfc-xmpl-4697-b07a-ac58fc914c95',
        durationMs: 122.51,
        billedDurationMs: 123,
        memorySizeMb: 128,
        maxMemoryUsedMb: 71,
        initDurationMs: 180.52,
        coldStart: true,
        status: undefined,
      },
    ],
    [
      'warm.log',
      {
        requestId: '1a2b3c4d-xmpl-4fa3-9d2e-0123456789ab',
        durationMs: 2.19,
        billedDurationMs: 3,
        memorySizeMb: 1024,
        maxMemoryUsedMb: 74,
        initDurationMs: undefined,
        coldStart: false,
      },
    ],
    ['timeout.log', { durationMs: 3000, billedDurationMs: 3000, coldStart: false, status: 'timeout' }],
    ['snapstart.log', { billedDurationMs: 406, restoreDurationMs: 364.21, initDurationMs: undefined, coldStart: true }],
    ['function-prints-report.log', { requestId: '7e3a1f2c-xmpl-4e3d-8a7b-1c0d9e8f7a6b', durationMs: 1, billedDurationMs: 1 }],
  ])('%s', (name, expected) => {
    expect(parseReportLine(fixture(name))).toMatchObject(expected);
  });

  it.each([
    ['a tail cut inside the REPORT line', fixture('truncated.log')],
    ['a log without one', 'START RequestId: a Version: $LATEST\nhello\nEND RequestId: a\n'],
    ['an empty log', ''],
    ['a REPORT line without Billed Duration', 'REPORT RequestId: a\tDuration: 1.00 ms\t\n'],
    ['only a function printing one mid-line', 'INFO look: REPORT RequestId: a\tDuration: 1.00 ms\tBilled Duration: 1 ms\n'],
  ])('undefined for %s', (_what, log) => {
    expect(parseReportLine(log)).toBeUndefined();
  });

  it('parseLogResult decodes X-Amz-Log-Result (base64) first', () => {
    const b64 = Buffer.from(fixture('cold.log')).toString('base64');
    expect(parseLogResult(b64)).toMatchObject({ coldStart: true, initDurationMs: 180.52 });
    expect(parseLogResult(undefined)).toBeUndefined();
    expect(parseLogResult('')).toBeUndefined();
  });

  it('reportsTimeout: Status: timeout, or the classic "Task timed out" line', () => {
    expect(reportsTimeout(parseReportLine(fixture('timeout.log')))).toBe(true);
    expect(reportsTimeout(parseReportLine(fixture('warm.log')))).toBe(false);
    const classic = fixture('timeout.log').replace('\tStatus: timeout', '');
    expect(reportsTimeout(parseReportLine(classic), classic)).toBe(true);
  });
});
