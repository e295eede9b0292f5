import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidParameterValueException,
  InvalidRequestContentException,
  InvokeCommand,
  LambdaServiceException,
  RequestTooLargeException,
  ResourceNotFoundException,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { LambdaService } from '../../lambda-runtime/index.js';
import { clientFor, startService } from './helpers.js';

let service: LambdaService;
let client: LambdaClient;

beforeAll(async () => {
  service = await startService([{ name: 'scripted', handler: 'scripted.handler', aliases: ['live'] }]);
  client = clientFor(service);
});
afterAll(async () => {
  client?.destroy();
  await service?.close();
});

async function failure(input: ConstructorParameters<typeof InvokeCommand>[0]): Promise<LambdaServiceException> {
  const error = await client.send(new InvokeCommand(input)).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(LambdaServiceException);
  return error as LambdaServiceException;
}

describe('service errors carry the status, X-Amzn-ErrorType and body AWS uses', () => {
  it('ResourceNotFoundException 404 for an unknown function', async () => {
    const error = await failure({ FunctionName: 'no-such-function', Payload: '{}' });
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.message).toBe('Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function');
  });

  it('ResourceNotFoundException 404 for an unknown alias or version', async () => {
    const alias = await failure({ FunctionName: 'scripted', Qualifier: 'staging', Payload: '{}' });
    expect(alias).toBeInstanceOf(ResourceNotFoundException);
    expect(alias.message).toContain('function:scripted:staging');
    expect(await failure({ FunctionName: 'scripted:7', Payload: '{}' })).toBeInstanceOf(ResourceNotFoundException);
  });

  it('RequestTooLargeException 413 over 6 MB', async () => {
    const payload = JSON.stringify({ blob: 'x'.repeat(6 * 1024 * 1024) });
    const error = await failure({ FunctionName: 'scripted', Payload: payload });
    expect(error).toBeInstanceOf(RequestTooLargeException);
    expect(error.$metadata.httpStatusCode).toBe(413);
  });

  it('RequestTooLargeException 413 over 1 MB for an Event invocation', async () => {
    const payload = JSON.stringify({ blob: 'x'.repeat(1024 * 1024) });
    const error = await failure({ FunctionName: 'scripted', InvocationType: 'Event', Payload: payload });
    expect(error).toBeInstanceOf(RequestTooLargeException);
  });

  it('InvalidRequestContentException 400 for a payload that is not JSON', async () => {
    const error = await failure({ FunctionName: 'scripted', Payload: Buffer.from('{"unterminated": ') });
    expect(error).toBeInstanceOf(InvalidRequestContentException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toMatch(/^Could not parse request body into json/);
  });

  it('rejects a client context over 3,583 bytes', async () => {
    const big = Buffer.from(JSON.stringify({ custom: { pad: 'x'.repeat(3000) } })).toString('base64');
    const error = await failure({ FunctionName: 'scripted', Payload: '{}', ClientContext: big });
    expect(error).toBeInstanceOf(InvalidParameterValueException);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('rejects a client context that is not base64 JSON', async () => {
    const error = await failure({ FunctionName: 'scripted', Payload: '{}', ClientContext: Buffer.from('not json').toString('base64') });
    expect(error).toBeInstanceOf(InvalidParameterValueException);
  });

  it('rejects a qualifier that contradicts the one in the name', async () => {
    const error = await failure({ FunctionName: 'scripted:live', Qualifier: '$LATEST', Payload: '{}' });
    expect(error).toBeInstanceOf(InvalidParameterValueException);
  });

  it('answers ValidationException for a malformed function name', async () => {
    const error = await failure({ FunctionName: 'bad name!', Payload: '{}' });
    expect(error.name).toBe('ValidationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });
});

describe('outside the Invoke API', () => {
  it('answers 404 UnknownOperationException with a JSON body', async () => {
    const res = await fetch(`${service.endpoint}/2015-03-31/functions/scripted`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(((await res.json()) as { message: string }).message).toContain('Invoke only');
  });
});
