import type { NextInvocation } from './client.js';

/**
 * The `context` a Node handler receives, as Lambda builds it from the environment and the invocation's headers.
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
 */
export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  /** A string, as in Lambda (it comes from an environment variable). */
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  identity: unknown;
  clientContext: unknown;
  getRemainingTimeInMillis(): number;
  /** Legacy completion functions of the Node runtime; prefer returning (async) or the callback. */
  succeed(result?: unknown): void;
  fail(error: unknown): void;
  done(error?: unknown, result?: unknown): void;
}

export function buildContext(
  invocation: NextInvocation,
  settle: (error: unknown, result: unknown) => void,
  env: NodeJS.ProcessEnv = process.env,
): LambdaContext {
  const deadline = invocation.deadlineMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME ?? '',
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: invocation.invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '',
    awsRequestId: invocation.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME ?? '',
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
    identity: parse(invocation.cognitoIdentity),
    clientContext: parse(invocation.clientContext),
    getRemainingTimeInMillis: () => deadline - Date.now(),
    succeed: (result) => settle(null, result),
    fail: (error) => settle(error ?? new Error('handled'), undefined),
    done: (error, result) => settle(error, result),
  };
}

function parse(json: string | undefined): unknown {
  if (json === undefined || json === '') return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
