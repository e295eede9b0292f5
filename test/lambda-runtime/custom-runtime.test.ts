import { beforeAll, describe, expect, it } from 'vitest';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { parseReport } from '../../lambda-runtime/index.js';
import { invoke } from './helpers.js';
import { useLambdaService } from '../helpers/lambda-service.js';

const startLambda = useLambdaService('all');
let client: LambdaClient;

beforeAll(async () => {
  ({ client } = await startLambda([{ name: 'custom', bootstrap: 'custom-runtime/bootstrap', environment: { MODE: 'test' } }]));
});

describe('a custom runtime: a bootstrap executable that speaks the Runtime API itself', () => {
  it('answers invocations and stays warm', async () => {
    const first = await invoke(client, 'custom', { item: 'book' }, { LogType: 'Tail' });
    expect(first.output.StatusCode).toBe(200);
    expect(first.json).toMatchObject({ upper: '{"ITEM":"BOOK"}', runtime: 'custom' });
    // Output from its init phase and from the invocation are in the cold start's log.
    expect(first.log).toContain('custom runtime starting for bootstrap');
    expect(first.log).toContain(`handling ${first.output.$metadata.requestId}`);
    expect(parseReport(first.log)!.initDurationMs).toBeGreaterThan(0);

    const second = await invoke(client, 'custom', { item: 'pen' });
    expect((second.json as { pid: number }).pid).toBe((first.json as { pid: number }).pid);
  });

  it('reports the errors it posts to /error as function errors', async () => {
    const { output, json } = await invoke(client, 'custom', { fail: true });
    expect(output.FunctionError).toBe('Unhandled');
    expect(json).toEqual({ errorType: 'Custom.Failure', errorMessage: 'asked to fail', trace: [] });
  });
});
