import { afterEach, describe, expect, it } from 'vitest';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { parseReport, type LambdaService } from '../../lambda-runtime/index.js';
import { clientFor, eventually, invoke, isGone, sink, startService } from './helpers.js';

let service: LambdaService | undefined;
let client: LambdaClient | undefined;

afterEach(async () => {
  client?.destroy();
  await service?.close();
  service = client = undefined;
});

const tail = { LogType: 'Tail' as const };

describe('provisionedConcurrency', () => {
  it('initialises N instances at start; invocations on them report no Init Duration, the N+1th concurrent one is cold', async () => {
    service = await startService([{ name: 'scripted', handler: 'scripted.handler', provisionedConcurrency: 2 }], { idleTimeoutMs: 200 });
    client = clientFor(service);
    expect(service.instances().filter((i) => i.provisioned)).toHaveLength(2);
    // Both initialise without a caller (each reports ready once its runtime asks for work).
    const calls = await Promise.all([1, 2, 3].map(() => invoke(client!, 'scripted', { action: 'sleep', ms: 400 }, tail)));
    const inits = calls.map((c) => parseReport(c.log!)?.initDurationMs);
    // Two ran on provisioned instances (warm), the third needed an on-demand instance (cold).
    expect(inits.filter((ms) => ms === undefined)).toHaveLength(2);
    expect(inits.filter((ms) => ms !== undefined && ms > 0)).toHaveLength(1);
    expect(new Set(calls.map((c) => (c.json as { pid: number }).pid)).size).toBe(3);
    // The on-demand one is stopped when idle; the provisioned ones are kept warm.
    expect(await eventually(() => service!.instances().length === 2, 5000)).toBe(true);
    expect(service.instances().every((i) => i.provisioned)).toBe(true);
  });

  it('prefers a provisioned instance and replaces one that died after it was ready', async () => {
    service = await startService([{ name: 'scripted', handler: 'scripted.handler', provisionedConcurrency: 1 }]);
    client = clientFor(service);
    const first = await invoke(client, 'scripted', {}, tail);
    expect(parseReport(first.log!)?.initDurationMs).toBeUndefined();
    const { pid } = first.json as { pid: number };
    await invoke(client, 'scripted', { action: 'crash', code: 3 });
    expect(await eventually(() => isGone(pid))).toBe(true);
    // A new provisioned instance takes its place, initialised before the next call.
    expect(await eventually(() => service!.instances().some((i) => i.provisioned && i.initialised && i.pid !== pid), 5000)).toBe(true);
    const next = await invoke(client, 'scripted', {}, tail);
    expect((next.json as { pid: number }).pid).not.toBe(pid);
    expect(parseReport(next.log!)?.initDurationMs).toBeUndefined();
  });

  it('logs a provisioned instance that fails to initialise, and does not respawn it; callers get the init error from on-demand instances', async () => {
    const { logger, lines } = sink();
    service = await startService([{ name: 'broken', handler: 'init-throw.handler', provisionedConcurrency: 1 }], { logger });
    client = clientFor(service);
    expect(await eventually(() => lines.some((l) => l.msg === 'provisioned instance failed to initialise'), 5000)).toBe(true);
    expect(await eventually(() => service!.instances().length === 0, 5000)).toBe(true);
    const call = await invoke(client, 'broken', {}, tail);
    expect(call.output.FunctionError).toBe('Unhandled');
    expect(lines.filter((l) => l.msg === 'provisioned instance failed to initialise')).toHaveLength(1);
  });

  it('rejects more provisioned than reserved concurrency, naming the field', async () => {
    await expect(startService([{ name: 'f', handler: 'hello.handler', reservedConcurrency: 1, provisionedConcurrency: 2 }])).rejects.toThrow(
      'functions[0].provisionedConcurrency: must be at most reservedConcurrency (1)',
    );
  });
});
