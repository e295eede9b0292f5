import { describe, expect, it } from 'vitest';
import { judge, soakRequest, type ClientAnswer, type SoakRequest } from '../../../bench/soak/index.js';

/**
 * The soak's oracle must fail on exactly what the proxy documents it never does; each row is one request, what the
 * client saw, what the ledger recorded, and the rules that must break (none for documented behaviour).
 */
const req = (kind: SoakRequest['kind'], fault: SoakRequest['fault']): SoakRequest => {
  const id = `t-${kind}-${fault}`;
  const method = kind === 'get' ? 'GET' : 'POST';
  return { n: 0, id, kind, fault, method, path: kind === 'get' ? '/api/items/1' : '/api/orders', headers: {}, ...(kind === 'postKey' ? { key: 'k1' } : {}) };
};
const answer = (status: number, body: unknown, servedBy: string, fallback?: string): ClientAnswer => ({
  ok: true,
  status,
  servedBy,
  ...(fallback ? { fallback } : {}),
  text: JSON.stringify(body),
  ms: 1,
});
const rec = (fn: number, mono: number, orders = 0) => ({ function: fn, monolith: mono, shadow: 0, ordersCreated: orders });

const rows: Array<[string, SoakRequest, ClientAnswer, ReturnType<typeof rec>, string | undefined, string[]]> = [
  ['GET served by the function', req('get', 'none'), answer(200, { side: 'function', requestId: 't-get-none' }, 'lambda'), rec(1, 0), undefined, []],
  [
    'GET falls back after a throw',
    req('get', 'throw'),
    answer(200, { side: 'monolith', requestId: 't-get-throw' }, 'monolith', 'STRANGLER_LAMBDA_FUNCTION_ERROR'),
    rec(1, 1),
    undefined,
    [],
  ],
  [
    'GET with a coded error',
    req('get', 'timeout'),
    answer(504, { error: { code: 'STRANGLER_LAMBDA_TIMEOUT' } }, 'lambda'),
    rec(1, 0),
    undefined,
    ['safe-route-error'],
  ],
  [
    'GET falls back with another code than its fault',
    req('get', 'crash'),
    answer(200, { side: 'monolith', requestId: 't-get-crash' }, 'monolith', 'STRANGLER_LAMBDA_TIMEOUT'),
    rec(1, 1),
    undefined,
    ['wrong-code'],
  ],
  [
    'GET answered by the monolith without a fallback (stage lost)',
    req('get', 'none'),
    answer(200, { side: 'monolith', requestId: 't-get-none' }, 'monolith'),
    rec(0, 1),
    undefined,
    ['not-routed'],
  ],
  [
    'POST throttled falls back (the function never ran)',
    req('post', 'throttle'),
    answer(201, { side: 'monolith', requestId: 't-post-throttle', orderId: 'o1' }, 'monolith', 'STRANGLER_LAMBDA_THROTTLED'),
    rec(0, 1, 1),
    undefined,
    [],
  ],
  [
    'POST throttled answered 503 instead of falling back',
    req('post', 'throttle'),
    answer(503, { error: { code: 'STRANGLER_LAMBDA_THROTTLED' } }, 'lambda'),
    rec(0, 0),
    undefined,
    ['no-fallback'],
  ],
  [
    'POST crash: 502, ran once',
    req('post', 'crash'),
    answer(502, { error: { code: 'STRANGLER_LAMBDA_FUNCTION_ERROR' } }, 'lambda'),
    rec(1, 0, 1),
    undefined,
    [],
  ],
  [
    'POST without key replayed to the monolith',
    req('post', 'throw'),
    answer(201, { side: 'monolith', requestId: 't-post-throw', orderId: 'o2' }, 'monolith', 'STRANGLER_LAMBDA_FUNCTION_ERROR'),
    rec(1, 1, 2),
    undefined,
    ['double-execution', 'duplicate-effect', 'lost-effect', 'unsafe-fallback'],
  ],
  [
    'POST without key: the onStatus status passed as the function answered it',
    req('post', 'status'),
    answer(503, { side: 'function', requestId: 't-post-status' }, 'lambda'),
    rec(1, 0, 1),
    undefined,
    [],
  ],
  [
    'POST without key, breaker open: 503 and the function not called',
    req('post', 'none'),
    answer(503, { error: { code: 'STRANGLER_BREAKER_OPEN' } }, 'lambda'),
    rec(0, 0),
    undefined,
    [],
  ],
  [
    'POST without key with the wrong status for its code',
    req('post', 'timeout'),
    answer(502, { error: { code: 'STRANGLER_LAMBDA_TIMEOUT' } }, 'lambda'),
    rec(1, 0, 1),
    undefined,
    ['wrong-status'],
  ],
  [
    'keyed POST falls back, the order the function wrote is answered',
    req('postKey', 'crash'),
    answer(201, { side: 'monolith', requestId: 't-postKey-crash', orderId: 'o1' }, 'monolith', 'STRANGLER_LAMBDA_FUNCTION_ERROR'),
    rec(1, 1, 1),
    'o1',
    [],
  ],
  [
    'keyed POST answered with another order than the key owns',
    req('postKey', 'crash'),
    answer(201, { side: 'monolith', requestId: 't-postKey-crash', orderId: 'o9' }, 'monolith', 'STRANGLER_LAMBDA_FUNCTION_ERROR'),
    rec(1, 1, 1),
    'o1',
    ['lost-effect'],
  ],
  [
    'keyed POST with a coded error instead of a fallback',
    req('postKey', 'throw'),
    answer(502, { error: { code: 'STRANGLER_LAMBDA_FUNCTION_ERROR' } }, 'lambda'),
    rec(1, 0, 1),
    'o1',
    ['no-fallback'],
  ],
  [
    'keyed POST run twice on the function',
    req('postKey', 'none'),
    answer(201, { side: 'function', requestId: 't-postKey-none', orderId: 'o1' }, 'lambda'),
    rec(2, 0, 1),
    'o1',
    ['function-ran-twice', 'unrecorded'],
  ],
  [
    'keyed POST throttled falls back, the function never ran',
    req('postKey', 'throttle'),
    answer(201, { side: 'monolith', requestId: 't-postKey-throttle', orderId: 'o1' }, 'monolith', 'STRANGLER_LAMBDA_THROTTLED'),
    rec(0, 1, 1),
    'o1',
    [],
  ],
  [
    'a fallback after a throw the function never recorded',
    req('get', 'throw'),
    answer(200, { side: 'monolith', requestId: 't-get-throw' }, 'monolith', 'STRANGLER_LAMBDA_FUNCTION_ERROR'),
    rec(0, 1),
    undefined,
    ['unrecorded'],
  ],
  [
    'a GET shadowed twice',
    req('get', 'none'),
    answer(200, { side: 'function', requestId: 't-get-none' }, 'lambda'),
    { ...rec(1, 0), shadow: 2 },
    undefined,
    ['shadowed-twice'],
  ],
  [
    "GET: the function's 503 passed to the client",
    req('get', 'status'),
    answer(503, { side: 'function', requestId: 't-get-status' }, 'lambda'),
    rec(1, 0),
    undefined,
    ['fault-hidden', 'safe-route-error', 'wrong-status'],
  ],
  [
    'a fault hidden behind a 200',
    req('get', 'malformed'),
    answer(200, { side: 'function', requestId: 't-get-malformed' }, 'lambda'),
    rec(1, 0),
    undefined,
    ['fault-hidden'],
  ],
];

describe('judge (the soak oracle)', () => {
  it.each(rows)('%s', (_name, request, client, record, orderOfKey, broken) => {
    const verdict = judge(request, client, { record, faultStatus: 503, ...(orderOfKey ? { orderOfKey } : {}) });
    expect([...new Set(verdict.violations.map((v) => v.rule))].sort()).toEqual([...broken].sort());
  });

  it('counts a request without an answer as lost', () => {
    const verdict = judge(req('get', 'none'), { ok: false, error: 'UND_ERR_SOCKET', ms: 5 }, { record: rec(1, 0), faultStatus: 503 });
    expect(verdict.outcome).toBe('lost');
    expect(verdict.violations.map((v) => v.rule)).toEqual(['lost']);
  });
});

describe('soakRequest', () => {
  it('is a pure function of (seed, n): a run is reproducible', () => {
    expect(soakRequest(7, 42, 0.2)).toEqual(soakRequest(7, 42, 0.2));
    expect(soakRequest(7, 42, 0.2).id).toBe('soak-7-42');
  });

  it('injects faults at the configured rate', () => {
    const faulty = Array.from({ length: 5000 }, (_, n) => soakRequest(3, n, 0.2)).filter((r) => r.fault !== 'none').length;
    expect(faulty / 5000).toBeGreaterThan(0.17);
    expect(faulty / 5000).toBeLessThan(0.23);
    expect(Array.from({ length: 500 }, (_, n) => soakRequest(3, n, 0)).every((r) => r.fault === 'none')).toBe(true);
  });

  it('sends throttles to the throttled route and keys only keyed POSTs', () => {
    const all = Array.from({ length: 2000 }, (_, n) => soakRequest(1, n, 0.5));
    expect(all.filter((r) => r.fault === 'throttle').every((r) => r.path.startsWith('/api/throttled/'))).toBe(true);
    expect(all.every((r) => (r.kind === 'postKey') === (r.headers['idempotency-key'] !== undefined))).toBe(true);
  });
});
