import { beforeAll, describe, expect, it } from 'vitest';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { parseReport, type FunctionInput } from '../../lambda-runtime/index.js';
import { invoke, type Invoked } from './helpers.js';
import { useLambdaService } from '../helpers/lambda-service.js';

/**
 * The same test functions under our built-in bootstrap and under AWS's own runtime client (aws-lambda-ric, a
 * devDependency with native code): the caller must not be able to tell them apart through the SDK.
 */

const CLIENTS = ['builtin', 'aws-lambda-ric'] as const;
const HANDLERS: Record<string, string> = {
  scripted: 'scripted.handler',
  commonjs: 'commonjs.handler',
  nested: 'commonjs.nested.deeper.handler',
  'import-error': 'import-error.handler',
  'init-throw': 'init-throw.handler',
  'missing-export': 'hello.notThere',
  callback: 'callback.handler',
};

const startLambda = useLambdaService('all');
let client: LambdaClient;

beforeAll(async () => {
  const functions: FunctionInput[] = Object.entries(HANDLERS).flatMap(([name, handler]) =>
    CLIENTS.map((runtimeClient) => ({ name: `${name}-${runtimeClient}`, handler, runtimeClient, environment: { SHARED: 'yes' } })),
  );
  ({ client } = await startLambda(functions));
});

/** What a caller can compare: status, function error, payload and log, minus what differs per call or per machine. */
function observable(call: Invoked, runtimeClient: string): unknown {
  const id = call.output.$metadata.requestId!;
  const json = structuredClone(call.json) as Record<string, unknown> | null;
  if (json && typeof json === 'object') {
    for (const key of ['pid', 'startedAt', 'awsRequestId', 'logStreamName', 'remaining', 'traceId']) if (key in json) json[key] = typeof json[key];
    if (typeof json.functionName === 'string') json.functionName = json.functionName.replace(`-${runtimeClient}`, '');
    if (typeof json.invokedFunctionArn === 'string') json.invokedFunctionArn = json.invokedFunctionArn.replace(`-${runtimeClient}`, '');
    if (typeof json.logGroupName === 'string') json.logGroupName = json.logGroupName.replace(`-${runtimeClient}`, '');
    if (typeof json.requestId === 'string') json.requestId = json.requestId === id ? '<request id>' : json.requestId;
    // Node 20's Lambda runtime has this flag; aws-lambda-ric 4 (Node 24 semantics, no callbacks) dropped it.
    delete json.callbackWaitsForEmptyEventLoop;
    if (Array.isArray(json.trace)) {
      // Frames of the runtime client itself differ; the error line and the user's frame must not.
      const trace = json.trace as string[];
      json.trace = [trace[0], trace.find((l) => l.includes('/fixtures/functions/'))?.replace(/^\s+at (?:\S+\.)?(\S+) /, 'at $1 ')];
    }
    if (typeof json.errorMessage === 'string') json.errorMessage = json.errorMessage.split('\n')[0]!.replace(id, '<request id>');
  }
  const logLines = call.log
    .split('\n')
    .filter((l) => l.includes(`\t${id}\t`))
    .map((l) => l.split('\t').slice(2, 4).join(' ').replace(/\{.*$/, ''));
  return {
    status: call.output.StatusCode,
    functionError: call.output.FunctionError,
    version: call.output.ExecutedVersion,
    json,
    logLines,
    report: parseReport(call.log) !== undefined,
  };
}

const clientContext = Buffer.from(JSON.stringify({ custom: { user: 'zoë' } })).toString('base64');

const CASES: [string, string, unknown, { ClientContext?: string }?][] = [
  ['echo', 'scripted', { hello: 'world' }],
  ['context and client context', 'scripted', { action: 'context' }, { ClientContext: clientContext }],
  ['environment', 'scripted', { action: 'env', keys: ['SHARED', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_REGION', 'LAMBDA_TASK_ROOT'] }],
  ['console output', 'scripted', { action: 'log', lines: ['one', 'two\nparts'] }],
  ['thrown Error', 'scripted', { action: 'throw', message: 'broken' }],
  ['thrown string', 'scripted', { action: 'throw-string' }],
  ['undefined result', 'scripted', { action: 'undefined' }],
  ['unserialisable result', 'scripted', { action: 'circular' }],
  ['crash', 'scripted', { action: 'crash', code: 9 }],
  ['CommonJS module', 'commonjs', { n: 1 }],
  ['nested export', 'nested', {}],
  ['missing dependency', 'import-error', {}],
  ['top-level throw', 'init-throw', {}],
  ['missing export', 'missing-export', {}],
];

describe.each(CASES)('conformance: %s', (_name, fn, event, extra) => {
  it('gives the same result under the built-in bootstrap and aws-lambda-ric', async () => {
    const [builtin, ric] = await Promise.all(CLIENTS.map((rc) => invoke(client, `${fn}-${rc}`, event, { LogType: 'Tail', ...extra })));
    expect(observable(ric!, 'aws-lambda-ric')).toEqual(observable(builtin!, 'builtin'));
  });
});

describe('known difference', () => {
  it('callback handlers: supported by the built-in bootstrap (Node 20 Lambda), refused by aws-lambda-ric 4 (Node 24 Lambda)', async () => {
    const builtin = await invoke(client, 'callback-builtin', { n: 1 });
    const ric = await invoke(client, 'callback-aws-lambda-ric', { n: 1 });
    expect(builtin.json).toEqual({ via: 'callback', event: { n: 1 } });
    expect(ric.output.FunctionError).toBe('Unhandled');
    expect(ric.json).toMatchObject({ errorType: 'Runtime.CallbackHandlerDeprecated' });
  });
});
