import { beforeAll, describe, expect, it } from 'vitest';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { parseReport } from '../../lambda-runtime/index.js';
import { invoke, sink } from './helpers.js';
import { useLambdaService } from '../helpers/lambda-service.js';

const startLambda = useLambdaService('all');
let client: LambdaClient;
const { logger, lines } = sink();

beforeAll(async () => {
  ({ client } = await startLambda([{ name: 'scripted', handler: 'scripted.handler', memorySize: 512 }], { logger }));
});

const REPORT =
  /^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tMax Memory Used: \d+ MB\t(Init Duration: \d+\.\d{2} ms\t)?$/;

describe('LogType Tail', () => {
  it('returns the invocation log, ending with a REPORT line; Init Duration on the cold start only', async () => {
    const first = await invoke(client, 'scripted', { action: 'log', lines: ['first call'] }, { LogType: 'Tail' });
    const second = await invoke(client, 'scripted', { action: 'log', lines: ['second call'] }, { LogType: 'Tail' });

    for (const call of [first, second]) {
      const logLines = call.log.replace(/\n$/, '').split('\n');
      const id = call.output.$metadata.requestId!;
      expect(logLines).toContain(`START RequestId: ${id} Version: $LATEST`);
      expect(logLines.at(-2)).toBe(`END RequestId: ${id}`);
      expect(logLines.at(-1)).toMatch(REPORT);
    }
    const cold = parseReport(first.log)!;
    const warm = parseReport(second.log)!;
    expect(cold.requestId).toBe(first.output.$metadata.requestId);
    expect(cold.initDurationMs).toBeGreaterThan(0);
    expect(warm.initDurationMs).toBeUndefined();
    expect(warm.memorySizeMb).toBe(512);
    expect(warm.billedDurationMs).toBe(Math.max(1, Math.ceil(warm.durationMs)));
  });

  it('captures console output in the AWS format: timestamp, request id, level, message', async () => {
    const { log, output } = await invoke(client, 'scripted', { action: 'log', lines: ['hello from the handler', 'two\nlines'] }, { LogType: 'Tail' });
    const id = output.$metadata.requestId!;
    const fnLines = log.split('\n').filter((l) => l.includes(`\t${id}\t`));
    expect(fnLines.map((l) => l.split('\t').slice(2))).toEqual([
      ['INFO', 'hello from the handler'],
      ['INFO', 'two\rlines'],
      ['WARN', 'a warning { n: 1 }'],
      ['ERROR', 'an error line'],
    ]);
    for (const line of fnLines) expect(line).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\t/);
  });

  it('keeps only the last 4 KB', async () => {
    const many = Array.from({ length: 200 }, (_, i) => `line ${i} ${'.'.repeat(40)}`);
    const { output, log } = await invoke(client, 'scripted', { action: 'log', lines: many }, { LogType: 'Tail' });
    expect(Buffer.from(output.LogResult!, 'base64').length).toBeLessThanOrEqual(4096);
    expect(log).not.toContain('line 0 ');
    expect(log).toContain('line 199 ');
    expect(parseReport(log)).toBeDefined();
  });

  it('sends no log without LogType Tail', async () => {
    const { output } = await invoke(client, 'scripted', {});
    expect(output.LogResult).toBeUndefined();
  });

  it('writes every instance line and the REPORT to the service pino log with function and request id', async () => {
    const { output } = await invoke(client, 'scripted', { action: 'log', lines: ['to pino'] });
    const id = output.$metadata.requestId;
    const line = lines.find((l) => typeof l.msg === 'string' && l.msg.endsWith('\tto pino'));
    expect(line).toMatchObject({ function: 'scripted', requestId: id, stream: 'stdout', level: 30 });
    expect(lines.find((l) => l.requestId === id && String(l.msg).startsWith('REPORT'))).toMatchObject({ function: 'scripted', functionError: false });
  });
});
