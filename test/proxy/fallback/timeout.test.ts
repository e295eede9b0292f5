import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { send, type RunningProxy } from '../../helpers/index.js';
import { startLambdaBench, type LambdaBench } from '../targets/helpers.js';

// The route's `timeoutMs` is the proxy's deadline for one invocation, enforced with an AbortSignal: the client gets
// 504 STRANGLER_LAMBDA_TIMEOUT within ±50 ms of it (plus room for a loaded 2-core machine).
const TIMEOUT_MS = 600;
const SLACK_MS = 50;
const LOADED_MACHINE_MS = 100;

let bench: LambdaBench;
let proxy: RunningProxy;
beforeAll(async () => {
  bench = await startLambdaBench();
  proxy = await bench.proxy([{ id: 'slow', match: { path: '/slow' }, function: { name: 'routing' }, stage: 'live', timeoutMs: TIMEOUT_MS }]);
  // Warm an execution environment, so the measured call is not a cold start.
  await send(`${proxy.url}/slow`);
});
afterAll(async () => {
  await bench?.close();
});

it(`answers 504 STRANGLER_LAMBDA_TIMEOUT at the route's timeoutMs (${TIMEOUT_MS} ms ± ${SLACK_MS} ms)`, async () => {
  const started = performance.now();
  const res = await send(`${proxy.url}/slow?action=sleep&ms=3000`, { method: 'POST', body: '{}' });
  const elapsed = performance.now() - started;
  expect(res.status).toBe(504);
  expect(res.json()).toMatchObject({ error: { code: 'STRANGLER_LAMBDA_TIMEOUT' } });
  expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - SLACK_MS);
  expect(elapsed).toBeLessThanOrEqual(TIMEOUT_MS + SLACK_MS + LOADED_MACHINE_MS);
  const line = await proxy.logs.waitFor((l) => l.msg === 'request' && l.status === 504);
  expect(line).toMatchObject({ errorCode: 'STRANGLER_LAMBDA_TIMEOUT', servedBy: 'lambda' });
  expect(line.lambdaMs as number).toBeGreaterThanOrEqual(TIMEOUT_MS - SLACK_MS);
});
