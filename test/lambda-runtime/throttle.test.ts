import { afterEach, describe, expect, it } from 'vitest';
import { TooManyRequestsException, type LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaService } from '../../lambda-runtime/index.js';
import { clientFor, invoke, startService } from './helpers.js';

let service: LambdaService | undefined;
let client: LambdaClient | undefined;

afterEach(async () => {
  client?.destroy();
  await service?.close();
  service = client = undefined;
});

async function throttledCall(c: LambdaClient, name: string): Promise<TooManyRequestsException> {
  const error = await invoke(c, name, {}).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(TooManyRequestsException);
  return error as TooManyRequestsException;
}

describe('throttling', () => {
  it('answers 429 TooManyRequestsException when the reserved concurrency is exhausted', async () => {
    service = await startService([{ name: 'one-at-a-time', handler: 'scripted.handler', reservedConcurrency: 1 }]);
    client = clientFor(service);
    const busy = invoke(client, 'one-at-a-time', { action: 'sleep', ms: 1500 });
    // Wait until the first invocation owns the only slot.
    while (!service.instances().some((i) => i.state === 'busy')) await new Promise((r) => setTimeout(r, 10));

    const error = await throttledCall(client, 'one-at-a-time');
    expect(error.$metadata.httpStatusCode).toBe(429);
    expect(error.Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
    expect(error.retryAfterSeconds).toBe('1');
    expect(error.message).toBe('Rate Exceeded.');

    expect((await busy).output.FunctionError).toBeUndefined();
    // The slot is free again.
    expect((await invoke(client, 'one-at-a-time', {})).output.StatusCode).toBe(200);
  });

  it('throttles every call of a function with reserved concurrency 0', async () => {
    service = await startService([{ name: 'disabled', handler: 'scripted.handler', reservedConcurrency: 0 }]);
    client = clientFor(service);
    expect((await throttledCall(client, 'disabled')).Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
    expect(service.instances()).toEqual([]);
  });

  it('applies the service-wide limit (maxInstances) across functions', async () => {
    service = await startService(
      [
        { name: 'a', handler: 'scripted.handler' },
        { name: 'b', handler: 'scripted.handler' },
      ],
      { maxInstances: 1 },
    );
    client = clientFor(service);
    const busy = invoke(client, 'a', { action: 'sleep', ms: 1500 });
    while (!service.instances().some((i) => i.state === 'busy')) await new Promise((r) => setTimeout(r, 10));
    expect((await throttledCall(client, 'b')).Reason).toBe('ConcurrentInvocationLimitExceeded');
    await busy;
  });
});
