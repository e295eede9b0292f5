import { describe, expect, it } from 'vitest';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaService } from '../../lambda-runtime/index.js';
import { eventually, invoke, isGone } from './helpers.js';
import { useLambdaService } from '../helpers/lambda-service.js';

const startLambda = useLambdaService();
let service: LambdaService | undefined;
let client: LambdaClient | undefined;

describe('execution environments', () => {
  it('reuses a warm instance: same process, and the second call is faster than the cold one', async () => {
    ({ service, client } = await startLambda([{ name: 'scripted', handler: 'scripted.handler' }]));
    let started = performance.now();
    const cold = await invoke(client, 'scripted', {});
    const coldMs = performance.now() - started;
    started = performance.now();
    const warm = await invoke(client, 'scripted', {});
    const warmMs = performance.now() - started;

    expect((warm.json as { pid: number }).pid).toBe((cold.json as { pid: number }).pid);
    expect((warm.json as { startedAt: number }).startedAt).toBe((cold.json as { startedAt: number }).startedAt);
    // The cold call includes starting a Node process; the warm one does not.
    expect(warmMs).toBeLessThan(coldMs);
    expect(service.instances()).toHaveLength(1);
  });

  it('gives N parallel invocations N instances', async () => {
    const N = 4;
    ({ service, client } = await startLambda([{ name: 'scripted', handler: 'scripted.handler' }]));
    const results = await Promise.all(Array.from({ length: N }, () => invoke(client!, 'scripted', { action: 'sleep', ms: 1500 })));
    const pids = new Set(results.map((r) => (r.json as { pid: number }).pid));
    expect(pids.size).toBe(N);
    expect(service.instances()).toHaveLength(N);
    expect(service.instances().every((i) => i.state === 'idle')).toBe(true);
  });

  it('stops instances that stay idle longer than idleTimeoutMs', async () => {
    ({ service, client } = await startLambda([{ name: 'scripted', handler: 'scripted.handler' }], { idleTimeoutMs: 300 }));
    const { pid } = (await invoke(client, 'scripted', {})).json as { pid: number };
    expect(await eventually(() => service!.instances().length === 0, 5000)).toBe(true);
    expect(await eventually(() => isGone(pid))).toBe(true);
    // And a new one starts on demand.
    expect(((await invoke(client, 'scripted', {})).json as { pid: number }).pid).not.toBe(pid);
  });
});
