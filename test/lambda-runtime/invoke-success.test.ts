import { beforeAll, describe, expect, it } from 'vitest';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { invoke } from './helpers.js';
import { useLambdaService } from '../helpers/lambda-service.js';

const startLambda = useLambdaService('all');
let client: LambdaClient;

beforeAll(async () => {
  ({ client } = await startLambda([
    { name: 'scripted', handler: 'scripted.handler', aliases: ['live'], environment: { GREETING: 'hi' }, memorySize: 256 },
    { name: 'commonjs', handler: 'commonjs.handler' },
    { name: 'nested', handler: 'commonjs.nested.deeper.handler' },
    { name: 'callback', handler: 'callback.handler' },
  ]));
});

describe('a successful invocation through the SDK', () => {
  it('returns 200, the handler result and the executed version', async () => {
    const { output, json } = await invoke(client, 'scripted', { hello: 'world' });
    expect(output.StatusCode).toBe(200);
    expect(output.FunctionError).toBeUndefined();
    expect(output.ExecutedVersion).toBe('$LATEST');
    expect(json).toMatchObject({ event: { hello: 'world' } });
  });

  it('gives the handler a real context', async () => {
    const clientContext = { client: { app_title: 'shop' }, custom: { note: 'grüße' } };
    const { json, output } = await invoke(
      client,
      'scripted',
      { action: 'context' },
      {
        ClientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64'),
      },
    );
    const context = json as Record<string, unknown>;
    expect(context).toMatchObject({
      functionName: 'scripted',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:scripted',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/scripted',
      clientContext,
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(context.awsRequestId).toBe(output.$metadata.requestId);
    expect(context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(context.remaining).toBeGreaterThan(0);
    expect(context.remaining).toBeLessThanOrEqual(3000);
    expect(context.traceId).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};/);
  });

  it('sets the function environment and the Lambda variables', async () => {
    const { json } = await invoke(client, 'scripted', {
      action: 'env',
      keys: ['GREETING', 'AWS_REGION', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', '_HANDLER', 'TZ'],
    });
    expect(json).toEqual({
      GREETING: 'hi',
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'scripted',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      _HANDLER: 'scripted.handler',
      TZ: 'UTC',
    });
  });

  it.each([
    ['a full ARN', 'arn:aws:lambda:us-east-1:000000000000:function:scripted', undefined, 'function:scripted'],
    ['a partial ARN', '000000000000:function:scripted', undefined, 'function:scripted'],
    ['name:alias', 'scripted:live', undefined, 'function:scripted:live'],
    ['a Qualifier parameter', 'scripted', 'live', 'function:scripted:live'],
    ['an ARN with $LATEST', 'arn:aws:lambda:us-east-1:000000000000:function:scripted:$LATEST', undefined, 'function:scripted:$LATEST'],
  ])('accepts %s', async (_what, name, qualifier, arnEnd) => {
    const { output, json } = await invoke(client, name, { action: 'context' }, qualifier ? { Qualifier: qualifier } : {});
    expect(output.StatusCode).toBe(200);
    expect((json as { invokedFunctionArn: string }).invokedFunctionArn.endsWith(arnEnd)).toBe(true);
  });

  it('answers null for a handler that returns nothing', async () => {
    const { output } = await invoke(client, 'scripted', { action: 'undefined' });
    expect(Buffer.from(output.Payload!).toString()).toBe('null');
  });

  it('treats an empty payload as {}', async () => {
    const { InvokeCommand } = await import('@aws-sdk/client-lambda');
    const output = await client.send(new InvokeCommand({ FunctionName: 'scripted' }));
    expect(JSON.parse(Buffer.from(output.Payload!).toString())).toMatchObject({ event: {} });
  });

  it('loads CommonJS handlers, nested exports and callback handlers', async () => {
    expect((await invoke(client, 'commonjs', { n: 1 })).json).toMatchObject({ module: 'commonjs', event: { n: 1 } });
    expect((await invoke(client, 'nested', {})).json).toBe('nested export');
    expect((await invoke(client, 'callback', { n: 2 })).json).toEqual({ via: 'callback', event: { n: 2 } });
  });

  it('passes a 5 MB response through', async () => {
    const { output, json } = await invoke(client, 'scripted', { action: 'big', bytes: 5 * 1024 * 1024 });
    expect(output.FunctionError).toBeUndefined();
    expect((json as string).length).toBe(5 * 1024 * 1024);
  });
});
