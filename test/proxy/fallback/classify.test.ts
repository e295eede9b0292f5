import { describe, expect, it } from 'vitest';
import { classifyOutcome, type ClassifyHook } from '../../../proxy/fallback/index.js';
import type { InvokeRouteOutcome } from '../../../proxy/targets/index.js';
import { testPlan } from '../../helpers/index.js';
import { result, thrown } from './outcomes.js';

// One function classifies every invocation outcome; table-tested on the shapes the SDK and Lambda produce.
const plan = testPlan({
  monolith: { url: 'http://127.0.0.1:1' },
  routes: [
    { id: 'v2', match: { path: '/v2' }, function: { name: 'fn' }, stage: 'live', timeoutMs: 1234, fallback: { onStatus: [503] } },
    { id: 'v1', match: { path: '/v1' }, function: { name: 'fn' }, stage: 'live', payloadFormat: '1.0' },
    { id: 'pass', match: { path: '/pass' }, function: { name: 'fn' }, stage: 'live', fallback: { serverErrors: 'pass', onStatus: [503] } },
  ],
});
type PlanRoute = (typeof plan.routes)[number];
const [v2, v1, pass] = plan.routes as [PlanRoute, PlanRoute, PlanRoute];

const sdkError = (name: string, status: number | undefined, extra: Record<string, unknown> = {}): InvokeRouteOutcome => thrown(name, status, extra);

describe('classifyOutcome', () => {
  it.each([
    ['function error', result({ errorType: 'TypeError', errorMessage: 'x' }, 'Unhandled'), 'STRANGLER_LAMBDA_FUNCTION_ERROR', 502],
    [
      'Sandbox.Timedout',
      result({ errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 3.00 seconds' }, 'Unhandled'),
      'STRANGLER_LAMBDA_TIMEOUT',
      504,
    ],
    ['older timeout form', result({ errorMessage: '2020-01-01 RequestId: x Task timed out after 3.00 seconds' }, 'Unhandled'), 'STRANGLER_LAMBDA_TIMEOUT', 504],
    [
      'response too large',
      result({ errorType: 'Function.ResponseSizeTooLarge', errorMessage: 'too big' }, 'Unhandled'),
      'STRANGLER_LAMBDA_PAYLOAD_TOO_LARGE',
      502,
    ],
    [
      'proxy deadline',
      { kind: 'error', error: Object.assign(new Error('aborted'), { name: 'AbortError' }), deadline: true, aborted: false, durationMs: 1234 },
      'STRANGLER_LAMBDA_TIMEOUT',
      504,
    ],
    [
      'throttled',
      sdkError('TooManyRequestsException', 429, { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' }),
      'STRANGLER_LAMBDA_THROTTLED',
      503,
    ],
    ['not found', sdkError('ResourceNotFoundException', 404), 'STRANGLER_LAMBDA_NOT_FOUND', 502],
    ['request too large', sdkError('RequestTooLargeException', 413), 'STRANGLER_LAMBDA_PAYLOAD_TOO_LARGE', 502],
    ['connection refused', sdkError('Error', undefined, { code: 'ECONNREFUSED' }), 'STRANGLER_LAMBDA_NETWORK', 502],
    ['service exception', sdkError('ServiceException', 500), 'STRANGLER_LAMBDA_SERVICE_ERROR', 502],
    ['not JSON', result('not json'), 'STRANGLER_LAMBDA_BAD_RESPONSE', 502],
    ['numeric header', result({ statusCode: 200, headers: { 'content-length': 5 } }), 'STRANGLER_LAMBDA_BAD_RESPONSE', 502],
    ['onStatus', result({ statusCode: 503, body: 'busy' }), 'STRANGLER_LAMBDA_STATUS', 502],
  ] as const)('%s → %s', (_name, outcome, code, status) => {
    const c = classifyOutcome({ route: v2, method: 'GET', outcome: outcome as InvokeRouteOutcome });
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.failure.code).toBe(code);
    expect(c.failure.statusCode).toBe(status);
  });

  // fallback.serverErrors: fail (default) makes every 5xx a failure; pass only the statuses in onStatus.
  it.each([
    ['fail (default)', 'v2', 500, false],
    ['fail (default)', 'v2', 503, false],
    ['fail (default)', 'v2', 599, false],
    ['fail (default)', 'v2', 499, true],
    ['fail (default)', 'v2', 404, true],
    ['pass', 'pass', 500, true],
    ['pass', 'pass', 503, false],
  ] as const)('serverErrors %s on route %s: the function answering %s → ok %s', (_mode, id, statusCode, ok) => {
    const route = id === 'v2' ? v2 : pass;
    const c = classifyOutcome({ route, method: 'POST', outcome: result({ statusCode, body: 'x' }) });
    expect(c.ok).toBe(ok);
    if (c.ok) return;
    // The function's own answer stays with the failure: an unsafe request is served it (the function ran).
    expect(c.failure.code).toBe('STRANGLER_LAMBDA_STATUS');
    expect(c.failure.countsForBreaker).toBe(true);
    expect(c.response?.statusCode).toBe(statusCode);
  });

  it('a throttle does not count against the breaker (capacity, counted on its own)', () => {
    const c = classifyOutcome({ route: v2, method: 'GET', outcome: sdkError('TooManyRequestsException', 429) });
    expect(!c.ok && c.failure.code).toBe('STRANGLER_LAMBDA_THROTTLED');
    expect(!c.ok && c.failure.countsForBreaker).toBe(false);
  });

  it('the proxy deadline names the route timeoutMs', () => {
    const c = classifyOutcome({
      route: v2,
      method: 'GET',
      outcome: { kind: 'error', error: new Error('x'), deadline: true, aborted: false, durationMs: 1234 },
    });
    expect(!c.ok && c.failure.message).toContain('1234 ms');
  });

  it('a request the service found too large does not count against the breaker; a function error does', () => {
    const tooLarge = classifyOutcome({ route: v2, method: 'POST', outcome: sdkError('RequestTooLargeException', 413) });
    const failed = classifyOutcome({ route: v2, method: 'POST', outcome: result({ errorType: 'Error' }, 'Unhandled') });
    expect(!tooLarge.ok && tooLarge.failure.countsForBreaker).toBe(false);
    expect(!failed.ok && failed.failure.countsForBreaker).toBe(true);
  });

  it('2.0: a JSON result without statusCode is a 200 application/json answer', () => {
    const c = classifyOutcome({ route: v2, method: 'GET', outcome: result({ hello: 'world' }) });
    expect(c).toMatchObject({ ok: true, response: { statusCode: 200 } });
    expect(c.ok && c.response.body.toString()).toBe('{"hello":"world"}');
  });

  it('1.0: a result without statusCode is a bad response', () => {
    const c = classifyOutcome({ route: v1, method: 'GET', outcome: result({ hello: 'world' }) });
    expect(!c.ok && c.failure.code).toBe('STRANGLER_LAMBDA_BAD_RESPONSE');
  });

  it('1.0: multiValueHeaders win over headers', () => {
    const c = classifyOutcome({
      route: v1,
      method: 'GET',
      outcome: result({ statusCode: 200, headers: { vary: 'a' }, multiValueHeaders: { vary: ['b', 'c'] }, body: 'x', isBase64Encoded: false }),
    });
    expect(c.ok && c.response.headers.filter(([n]) => n === 'vary').map(([, v]) => v)).toEqual(['b', 'c']);
  });

  it('the hook sees the default and may replace it', () => {
    const hook: ClassifyHook = (c, { outcome }) =>
      outcome.kind === 'error' && c.ok === false && c.failure.code === 'STRANGLER_LAMBDA_NOT_FOUND'
        ? { ...c, failure: Object.assign(c.failure, { statusCode: 503 }) }
        : c;
    const c = classifyOutcome({ route: v2, method: 'GET', outcome: sdkError('ResourceNotFoundException', 404) }, hook);
    expect(!c.ok && c.failure.statusCode).toBe(503);
  });
});
