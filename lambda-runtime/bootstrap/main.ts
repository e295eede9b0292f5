import { fstatSync } from 'node:fs';
import { RuntimeClient, type NextInvocation } from './client.js';
import { patchConsole, setRequestId } from './console.js';
import { buildContext } from './context.js';
import { formatError, RuntimeError, toLogged } from './errors.js';
import { loadHandler, type Handler } from './handler.js';

/**
 * The built-in runtime client: the process the local Lambda service starts for a `handler` function
 * (`node dist/lambda-runtime/bootstrap/main.js`). It loads the handler once (init), then loops over the Runtime API:
 * next → run the handler → response or error. Plain Node built-ins only, so it starts fast and needs no native build.
 */

async function main(): Promise<void> {
  const api = required('AWS_LAMBDA_RUNTIME_API');
  const taskRoot = required('LAMBDA_TASK_ROOT');
  const handlerString = required('_HANDLER');
  patchConsole();
  exitWithTheService();
  const client = new RuntimeClient(api);

  let handler: Handler;
  try {
    handler = await loadHandler(taskRoot, handlerString);
  } catch (err) {
    console.error('Init Error', toLogged(err));
    await client.initError(formatError(err));
    process.exit(1);
  }

  for (;;) {
    const invocation = await client.next();
    setRequestId(invocation.requestId);
    if (invocation.traceId !== undefined) process.env._X_AMZN_TRACE_ID = invocation.traceId;
    else delete process.env._X_AMZN_TRACE_ID;
    let body: string;
    try {
      body = serialise(await run(handler, invocation));
    } catch (err) {
      console.error('Invoke Error', toLogged(err));
      await client.error(invocation.requestId, formatError(err));
      continue;
    }
    await client.respond(invocation.requestId, body);
  }
}

/**
 * Calls the handler: async handlers (or any returning a value) are awaited; handlers declaring a third parameter get
 * a callback. The first of callback, returned promise or context.succeed/fail/done settles the invocation.
 */
function run(handler: Handler, invocation: NextInvocation): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, result: unknown): void => {
      if (settled) return;
      settled = true;
      if (error !== null && error !== undefined) reject(error);
      else resolve(result);
    };
    const context = buildContext(invocation, settle);
    const event: unknown = JSON.parse(invocation.body);
    const callback = handler.length >= 3 ? (error?: unknown, result?: unknown) => settle(error, result) : undefined;
    let returned: unknown;
    try {
      returned = callback ? handler(event, context, callback) : handler(event, context);
    } catch (err) {
      return settle(err, undefined);
    }
    if (returned !== null && typeof returned === 'object' && typeof (returned as PromiseLike<unknown>).then === 'function') {
      (returned as PromiseLike<unknown>).then(
        (r) => settle(null, r),
        (e: unknown) => settle(e ?? new Error('rejected'), undefined),
      );
    } else if (!callback) {
      settle(null, returned);
    }
  });
}

/** The response body: JSON of the result (`null` for undefined), as Lambda's Node runtime sends it. */
function serialise(result: unknown): string {
  try {
    return JSON.stringify(result === undefined ? null : result);
  } catch {
    throw new RuntimeError('Runtime.JSONStringifyError', 'Unable to stringify response body');
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    process.stderr.write(`strangler bootstrap: ${name} is not set (this program runs inside the local Lambda service)\n`);
    process.exit(2);
  }
  return value;
}

/**
 * The service keeps our stdin open; when it closes, the service is gone (even killed with SIGKILL, when it could not
 * clean up) and so must we be.
 */
function exitWithTheService(): void {
  try {
    const stat = fstatSync(0);
    if (!stat.isFIFO() && !stat.isSocket()) return;
  } catch {
    return;
  }
  process.stdin.on('end', leave);
  process.stdin.on('error', leave);
  process.stdin.resume();
}

/** The service is gone: end this execution environment, with whatever the function started. */
function leave(): void {
  // We lead our process group (the service starts us detached), so this takes every process of the environment.
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  // Lost the Runtime API (the service stopped or died): nothing left to serve.
  process.stderr.write(`strangler bootstrap: ${(err as Error).stack ?? String(err)}\n`);
  leave();
});
