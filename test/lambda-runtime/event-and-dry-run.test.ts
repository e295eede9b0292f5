import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaService } from '../../lambda-runtime/index.js';
import { clientFor, eventually, invoke, sink, startService } from './helpers.js';

let service: LambdaService;
let client: LambdaClient;
let dir: string;
const { logger, lines } = sink();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'strangler-event-'));
  service = await startService([{ name: 'scripted', handler: 'scripted.handler', reservedConcurrency: 1 }], { logger });
  client = clientFor(service);
});
afterAll(async () => {
  client?.destroy();
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

describe('InvocationType Event', () => {
  it('answers 202 at once and runs the function asynchronously', async () => {
    const path = join(dir, 'event.json');
    const { output } = await invoke(client, 'scripted', { action: 'write', path }, { InvocationType: 'Event' });
    expect(output.StatusCode).toBe(202);
    expect(Buffer.from(output.Payload ?? []).length).toBe(0);
    expect(await eventually(() => readJson(path) !== undefined, 10_000)).toBe(true);
    expect(readJson(path)).toMatchObject({ requestId: output.$metadata.requestId, event: { action: 'write', path } });
  });

  it('queues events beyond the reserved concurrency instead of throttling them', async () => {
    const paths = [1, 2, 3].map((n) => join(dir, `queued-${n}.json`));
    for (const path of paths) {
      const { output } = await invoke(client, 'scripted', { action: 'write', path }, { InvocationType: 'Event' });
      expect(output.StatusCode).toBe(202);
    }
    expect(await eventually(() => paths.every((p) => readJson(p) !== undefined), 10_000)).toBe(true);
  });

  it('logs a failed event', async () => {
    const { output } = await invoke(client, 'scripted', { action: 'throw', message: 'event failed' }, { InvocationType: 'Event' });
    expect(await eventually(() => lines.some((l) => l.msg === 'event invocation failed' && l.requestId === output.$metadata.requestId), 10_000)).toBe(true);
  });
});

describe('InvocationType DryRun', () => {
  it('answers 204 without running anything', async () => {
    await service.close();
    service = await startService([{ name: 'scripted', handler: 'scripted.handler' }]);
    client.destroy();
    client = clientFor(service);
    const { output } = await invoke(client, 'scripted', { action: 'crash' }, { InvocationType: 'DryRun' });
    expect(output.StatusCode).toBe(204);
    expect(service.instances()).toEqual([]);
  });
});
