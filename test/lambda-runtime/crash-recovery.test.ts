import { beforeAll, describe, expect, it } from 'vitest';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaService } from '../../lambda-runtime/index.js';
import { invoke } from './helpers.js';
import { useLambdaService } from '../helpers/lambda-service.js';

const startLambda = useLambdaService('all');
let service: LambdaService;
let client: LambdaClient;

beforeAll(async () => {
  ({ service, client } = await startLambda([
    { name: 'scripted', handler: 'scripted.handler' },
    { name: 'import-error', handler: 'import-error.handler' },
    { name: 'init-throw', handler: 'init-throw.handler' },
    { name: 'missing-module', handler: 'no-such-file.handler' },
    { name: 'missing-export', handler: 'hello.notThere' },
    { name: 'missing-bootstrap', bootstrap: 'custom-runtime/not-there' },
  ]));
});

describe('an instance that dies mid-invocation', () => {
  it('answers Runtime.ExitError, and the next invocation gets a fresh instance', async () => {
    const before = (await invoke(client, 'scripted', {})).json as { pid: number };
    const crash = await invoke(client, 'scripted', { action: 'crash', code: 3 }, { LogType: 'Tail' });
    expect(crash.output.StatusCode).toBe(200);
    expect(crash.output.FunctionError).toBe('Unhandled');
    expect(crash.json).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${crash.output.$metadata.requestId} Error: Runtime exited with error: exit status 3`,
    });
    // What the function printed before dying is in its log.
    expect(crash.log).toContain('about to crash');
    expect(crash.log).toMatch(/Status: error\tError Type: Runtime\.ExitError/);

    const after = (await invoke(client, 'scripted', {})).json as { pid: number };
    expect(after.pid).not.toBe(before.pid);
  });
});

describe('a handler that fails to load', () => {
  it.each([
    ['import-error', 'Runtime.ImportModuleError', /Cannot find module 'this-package-does-not-exist'/],
    ['missing-module', 'Runtime.ImportModuleError', /Cannot find module 'no-such-file'/],
    ['missing-export', 'Runtime.HandlerNotFound', /hello\.notThere is undefined or not exported/],
    ['init-throw', 'RangeError', /configuration missing/],
  ])('%s: answers %s, and every call gets a fresh instance', async (name, errorType, message) => {
    const first = await invoke(client, name, {}, { LogType: 'Tail' });
    expect(first.output.FunctionError).toBe('Unhandled');
    expect(first.json).toMatchObject({ errorType, errorMessage: expect.stringMatching(message) });
    expect(first.log).toMatch(/Init Error/);
    const second = await invoke(client, name, {});
    expect(second.json).toMatchObject({ errorType });
    expect(service.instances().filter((i) => i.function === name)).toEqual([]);
  });

  it('answers Runtime.InvalidEntrypoint for a bootstrap that does not exist', async () => {
    const { output, json } = await invoke(client, 'missing-bootstrap', {});
    expect(output.FunctionError).toBe('Unhandled');
    expect(json).toMatchObject({ errorType: 'Runtime.InvalidEntrypoint', errorMessage: expect.stringContaining("Couldn't find valid bootstrap(s)") });
  });
});
