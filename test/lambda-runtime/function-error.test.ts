import { beforeAll, describe, expect, it } from 'vitest';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { invoke } from './helpers.js';
import { useLambdaService } from '../helpers/lambda-service.js';

const startLambda = useLambdaService('all');
let client: LambdaClient;

beforeAll(async () => {
  ({ client } = await startLambda([
    { name: 'scripted', handler: 'scripted.handler' },
    { name: 'callback', handler: 'callback.handler' },
  ]));
});

describe('function errors are 200 with X-Amz-Function-Error, not HTTP errors', () => {
  it('reports a thrown error in the Node runtime body', async () => {
    const { output, json } = await invoke(client, 'scripted', { action: 'throw', message: 'no such product' });
    expect(output.StatusCode).toBe(200);
    expect(output.FunctionError).toBe('Unhandled');
    const body = json as { errorType: string; errorMessage: string; trace: string[] };
    expect(body.errorType).toBe('TypeError');
    expect(body.errorMessage).toBe('no such product');
    expect(body.trace[0]).toBe('TypeError: no such product');
    expect(body.trace.some((line) => line.includes('scripted.mjs'))).toBe(true);
  });

  it('reports an error passed to the callback', async () => {
    const { output, json } = await invoke(client, 'callback', { fail: true });
    expect(output.FunctionError).toBe('Unhandled');
    expect(json).toMatchObject({ errorType: 'Error', errorMessage: 'callback failure' });
  });

  it('keeps the instance after a handled error', async () => {
    const before = (await invoke(client, 'scripted', {})).json as { pid: number };
    await invoke(client, 'scripted', { action: 'throw' });
    const after = (await invoke(client, 'scripted', {})).json as { pid: number };
    expect(after.pid).toBe(before.pid);
  });

  it('answers Function.ResponseSizeTooLarge for a response over 6 MB', async () => {
    const { output, json } = await invoke(client, 'scripted', { action: 'big', bytes: 6 * 1024 * 1024 + 10 });
    expect(output.FunctionError).toBe('Unhandled');
    expect(json).toMatchObject({ errorType: 'Function.ResponseSizeTooLarge' });
  });
});
