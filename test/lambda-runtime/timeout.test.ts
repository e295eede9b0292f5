import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { parseReport, type LambdaService } from '../../lambda-runtime/index.js';
import { clientFor, eventually, invoke, isGone, startService } from './helpers.js';

/** The spec: the caller hears of the timeout within ±100 ms of the deadline. */
const DEADLINE_TOLERANCE_MS = 100;
/** Extra allowance above the deadline for a loaded 2-core machine (timers fire late, never early). */
const LOAD_SLACK_MS = 150;

let service: LambdaService;
let client: LambdaClient;

beforeAll(async () => {
  service = await startService([{ name: 'slow', handler: 'scripted.handler', timeout: 1 }]);
  client = clientFor(service);
});
afterAll(async () => {
  client?.destroy();
  await service?.close();
});

describe('the service enforces the timeout', () => {
  it('kills the instance at its deadline and answers Sandbox.Timedout; the next call gets a fresh instance', async () => {
    // Prepare: a warm instance, so that the measured time is the invocation's alone.
    const warm = (await invoke(client, 'slow', {})).json as { pid: number };

    const started = performance.now();
    const { output, json, log } = await invoke(client, 'slow', { action: 'sleep', ms: 10_000 }, { LogType: 'Tail' });
    const elapsed = performance.now() - started;

    expect(output.StatusCode).toBe(200);
    expect(output.FunctionError).toBe('Unhandled');
    expect(json).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${output.$metadata.requestId} Error: Task timed out after 1.00 seconds` });
    expect(elapsed).toBeGreaterThanOrEqual(1000 - DEADLINE_TOLERANCE_MS);
    expect(elapsed).toBeLessThanOrEqual(1000 + DEADLINE_TOLERANCE_MS + LOAD_SLACK_MS);
    expect(log).toContain('Task timed out after 1.00 seconds');
    const report = parseReport(log)!;
    expect(report.status).toBe('timeout');
    expect(Math.abs(report.durationMs - 1000)).toBeLessThanOrEqual(DEADLINE_TOLERANCE_MS + LOAD_SLACK_MS);

    // The old instance is gone (process group killed) and a new one serves the next call.
    expect(await eventually(() => isGone(warm.pid))).toBe(true);
    const next = (await invoke(client, 'slow', {})).json as { pid: number };
    expect(next.pid).not.toBe(warm.pid);
  });
});
