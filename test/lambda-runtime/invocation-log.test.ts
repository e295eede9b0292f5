import { describe, expect, it } from 'vitest';
import { InvocationLog, parseReport, reportLine, tail, TAIL_BYTES } from '../../lambda-runtime/invocation-log.js';

describe('REPORT line', () => {
  it.each([
    [
      { requestId: 'r1', durationMs: 12.3, memorySizeMb: 128, maxMemoryUsedMb: 70 },
      'REPORT RequestId: r1\tDuration: 12.30 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t',
    ],
    [
      { requestId: 'r2', durationMs: 0.4, memorySizeMb: 256, maxMemoryUsedMb: 50, initDurationMs: 180.519 },
      'REPORT RequestId: r2\tDuration: 0.40 ms\tBilled Duration: 1 ms\tMemory Size: 256 MB\tMax Memory Used: 50 MB\tInit Duration: 180.52 ms\t',
    ],
    [
      { requestId: 'r3', durationMs: 3000.2, memorySizeMb: 128, maxMemoryUsedMb: undefined, status: { kind: 'timeout' as const } },
      'REPORT RequestId: r3\tDuration: 3000.20 ms\tBilled Duration: 3001 ms\tMemory Size: 128 MB\tMax Memory Used: 0 MB\tStatus: timeout\t',
    ],
  ])('formats %j as Lambda does', (report, line) => {
    expect(reportLine(report)).toBe(line);
  });

  it('parses back what it writes', () => {
    const line = reportLine({ requestId: 'abc', durationMs: 5.5, memorySizeMb: 512, maxMemoryUsedMb: 60, initDurationMs: 99.01 });
    expect(parseReport(`START x\nEND x\n${line}\n`)).toEqual({
      requestId: 'abc',
      durationMs: 5.5,
      billedDurationMs: 6,
      memorySizeMb: 512,
      maxMemoryUsedMb: 60,
      initDurationMs: 99.01,
      coldStart: true,
      restoreDurationMs: undefined,
      status: undefined,
      errorType: undefined,
    });
    expect(parseReport('no report here')).toBeUndefined();
  });
});

describe('the invocation log', () => {
  it('renders init output, START, the lines, END and REPORT', () => {
    const log = new InvocationLog();
    log.add('a line');
    const text = log.render('id1', '$LATEST', ['init line'], { requestId: 'id1', durationMs: 1, memorySizeMb: 128, maxMemoryUsedMb: 1 });
    expect(text.split('\n').slice(0, 4)).toEqual(['init line', 'START RequestId: id1 Version: $LATEST', 'a line', 'END RequestId: id1']);
    expect(text.endsWith('\t\n')).toBe(true);
  });

  it('tail keeps the last 4 KB and never starts inside a UTF-8 character', () => {
    const text = `${'é'.repeat(5000)}END`;
    const bytes = Buffer.from(tail(text), 'base64');
    expect(bytes.length).toBeLessThanOrEqual(TAIL_BYTES);
    expect(bytes.length).toBeGreaterThan(TAIL_BYTES - 4);
    expect(bytes.toString('utf8')).toMatch(/^é+END$/);
    expect(Buffer.from(tail('short'), 'base64').toString()).toBe('short');
  });
});
