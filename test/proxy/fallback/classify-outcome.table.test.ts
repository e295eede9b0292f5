import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../../proxy/fallback/index.js';
import { testPlan } from '../../helpers/index.js';
import { result, thrown } from './outcomes.js';

// classifyOutcome, table-tested: every outcome shape → the failure a client and the breaker see; and every
// combination of payload format × fallback.serverErrors × the function's status → answer or failure.
const routes = testPlan({
  monolith: { url: 'http://127.0.0.1:1' },
  routes: [
    { id: 'v2', match: { path: '/v2' }, function: { name: 'fn' }, stage: 'live', timeoutMs: 1234 },
    { id: 'v2-pass', match: { path: '/v2p' }, function: { name: 'fn' }, stage: 'live', fallback: { serverErrors: 'pass', onStatus: [503] } },
    { id: 'v1', match: { path: '/v1' }, function: { name: 'fn' }, stage: 'live', payloadFormat: '1.0' },
    {
      id: 'v1-pass',
      match: { path: '/v1p' },
      function: { name: 'fn' },
      stage: 'live',
      payloadFormat: '1.0',
      fallback: { serverErrors: 'pass', onStatus: [502, 504] },
    },
  ],
}).routes;
const route = (id: string) => routes.find((r) => r.id === id)!;

describe('classifyOutcome (table): failures', () => {
  // [what, outcome, code, HTTP status, counts for the breaker, caused by the client]
  it.each([
    ['function error (Unhandled)', result({ errorType: 'TypeError', errorMessage: 'x' }, 'Unhandled'), 'STRANGLER_LAMBDA_FUNCTION_ERROR', 502, true, false],
    ['function error (Handled), body not JSON', result('boom', 'Handled'), 'STRANGLER_LAMBDA_FUNCTION_ERROR', 502, true, false],
    [
      'Sandbox.Timedout',
      result({ errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 3.00 seconds' }, 'Unhandled'),
      'STRANGLER_LAMBDA_TIMEOUT',
      504,
      true,
      false,
    ],
    [
      'timeout, message only',
      result({ errorMessage: 'RequestId: x Task timed out after 3.00 seconds' }, 'Unhandled'),
      'STRANGLER_LAMBDA_TIMEOUT',
      504,
      true,
      false,
    ],
    ['response over 6 MB', result({ errorType: 'Function.ResponseSizeTooLarge' }, 'Unhandled'), 'STRANGLER_LAMBDA_PAYLOAD_TOO_LARGE', 502, true, false],
    ['proxy deadline', thrown('AbortError', undefined, {}, { deadline: true }), 'STRANGLER_LAMBDA_TIMEOUT', 504, true, false],
    ['client went away', thrown('AbortError', undefined, {}, { aborted: true }), 'STRANGLER_LAMBDA_NETWORK', 502, false, false],
    ['throttled by name', thrown('TooManyRequestsException', 429), 'STRANGLER_LAMBDA_THROTTLED', 503, false, false],
    ['throttled by status', thrown('UnknownError', 429), 'STRANGLER_LAMBDA_THROTTLED', 503, false, false],
    ['not found by name', thrown('ResourceNotFoundException', 404), 'STRANGLER_LAMBDA_NOT_FOUND', 502, true, false],
    ['not found by status', thrown('SomethingElse', 404), 'STRANGLER_LAMBDA_NOT_FOUND', 502, true, false],
    ['request too large', thrown('RequestTooLargeException', 413), 'STRANGLER_LAMBDA_PAYLOAD_TOO_LARGE', 502, false, true],
    ['request content refused', thrown('InvalidRequestContentException', 400), 'STRANGLER_LAMBDA_REQUEST_REJECTED', 400, false, true],
    [
      'client context refused',
      thrown('InvalidParameterValueException', 400, { message: 'Client context is invalid' }),
      'STRANGLER_LAMBDA_REQUEST_REJECTED',
      400,
      false,
      true,
    ],
    [
      'other invalid parameter',
      thrown('InvalidParameterValueException', 400, { message: 'bad qualifier' }),
      'STRANGLER_LAMBDA_SERVICE_ERROR',
      502,
      true,
      false,
    ],
    ['connection refused', thrown('Error', undefined, { code: 'ECONNREFUSED' }), 'STRANGLER_LAMBDA_NETWORK', 502, true, false],
    ['connection reset (in cause)', thrown('Error', 500, { cause: { code: 'ECONNRESET' } }), 'STRANGLER_LAMBDA_NETWORK', 502, true, false],
    ['SDK timeout', thrown('TimeoutError', 500), 'STRANGLER_LAMBDA_NETWORK', 502, true, false],
    ['no HTTP status at all', thrown('Error', undefined), 'STRANGLER_LAMBDA_NETWORK', 502, true, false],
    ['service exception', thrown('ServiceException', 500), 'STRANGLER_LAMBDA_SERVICE_ERROR', 502, true, false],
    ['access denied', thrown('AccessDeniedException', 403), 'STRANGLER_LAMBDA_SERVICE_ERROR', 502, true, false],
    ['result not JSON', result('not json'), 'STRANGLER_LAMBDA_BAD_RESPONSE', 502, true, false],
  ] as const)('%s → %s (%s), breaker %s, client-caused %s', (_what, outcome, code, status, countsForBreaker, clientCaused) => {
    const c = classifyOutcome({ route: route('v2'), method: 'GET', outcome });
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.failure.code).toBe(code);
    expect(c.failure.statusCode).toBe(status);
    expect(c.failure.countsForBreaker).toBe(countsForBreaker);
    expect(c.failure.clientCaused).toBe(clientCaused);
  });
});

describe('classifyOutcome (table): the function answered a status', () => {
  // [route, status, ok]: v2/v1 fail every 5xx (serverErrors: fail); with serverErrors: pass only onStatus fails.
  const ROWS: Array<[string, number, boolean]> = [];
  const STATUSES = [200, 204, 301, 404, 499, 500, 502, 503, 504, 599];
  const FAILS: Record<string, (s: number) => boolean> = {
    v2: (s) => s >= 500,
    'v2-pass': (s) => s === 503,
    v1: (s) => s >= 500,
    'v1-pass': (s) => s === 502 || s === 504,
  };
  for (const id of Object.keys(FAILS)) for (const s of STATUSES) ROWS.push([id, s, !FAILS[id]!(s)]);

  it.each(ROWS)('route %s, status %s → ok %s', (id, statusCode, ok) => {
    const r = route(id);
    const payload = r.payloadFormat === '1.0' ? { statusCode, headers: {}, body: 'x', isBase64Encoded: false } : { statusCode, body: 'x' };
    const c = classifyOutcome({ route: r, method: 'POST', outcome: result(payload) });
    expect(c.ok).toBe(ok);
    // Either way the function's own answer is kept (an unsafe request is served it: the function ran).
    expect(c.ok ? c.response.statusCode : c.response?.statusCode).toBe(statusCode);
    if (!c.ok) {
      expect(c.failure.code).toBe('STRANGLER_LAMBDA_STATUS');
      expect(c.failure.countsForBreaker).toBe(true);
    }
  });

  it.each([
    ['v2', 'GET', 'x'],
    ['v2', 'HEAD', ''],
    ['v1', 'GET', 'x'],
    ['v1', 'HEAD', ''],
  ] as const)('route %s, %s: the body the client gets is %j', (id, method, body) => {
    const r = route(id);
    const payload = r.payloadFormat === '1.0' ? { statusCode: 200, headers: {}, body: 'x', isBase64Encoded: false } : { statusCode: 200, body: 'x' };
    const c = classifyOutcome({ route: r, method, outcome: result(payload) });
    expect(c.ok && c.response.body.toString()).toBe(body);
  });
});
