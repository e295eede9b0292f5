import type { InvokeRouteOutcome } from '../../../proxy/targets/index.js';

/** An invocation that returned: the function's result (or its error body, with `functionError`). */
export const result = (payload: unknown, functionError?: string): InvokeRouteOutcome => ({
  kind: 'result',
  payload: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)),
  functionError,
  logResult: undefined,
  executedVersion: '$LATEST',
  durationMs: 5,
});

/** An invocation the SDK threw on: an error named `name` with the HTTP status Lambda answered (none: no answer). */
export const thrown = (
  name: string,
  status: number | undefined,
  extra: Record<string, unknown> = {},
  flags: { deadline?: boolean; aborted?: boolean } = {},
): InvokeRouteOutcome => ({
  kind: 'error',
  error: Object.assign(new Error(name), { name, ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }), ...extra }),
  deadline: flags.deadline ?? false,
  aborted: flags.aborted ?? false,
  durationMs: 5,
});
