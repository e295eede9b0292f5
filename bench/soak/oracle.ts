import type { Fault } from './options.js';
import type { RequestRecord } from './ledger.js';
import type { ClientAnswer, SoakRequest } from './traffic.js';

/** One broken invariant, with the request it concerns. */
export interface Violation {
  rule: string;
  requestId?: string;
  detail: string;
}

/** How the proxy handled one request, as the client saw it. */
export interface Verdict {
  /** `lambda`, `monolith` (fallback), or `error` (a coded error answer), `lost` (no answer). */
  outcome: 'lambda' | 'fallback' | 'error' | 'lost';
  /** The fallback or error code. */
  code?: string;
  violations: Violation[];
}

/**
 * The failure code each fault must produce (README "Routing to Lambda and fallback", "Failures"): a throw and a
 * runtime exit are function errors, the function's own timeout is a timeout, the 429 of a function with no
 * concurrency is a throttle, a result API Gateway refuses is a bad response, and a 5xx answer is
 * STRANGLER_LAMBDA_STATUS (`fallback.serverErrors: fail`, the default).
 */
export const FAULT_CODE: Partial<Record<Fault, string>> = {
  throw: 'STRANGLER_LAMBDA_FUNCTION_ERROR',
  crash: 'STRANGLER_LAMBDA_FUNCTION_ERROR',
  timeout: 'STRANGLER_LAMBDA_TIMEOUT',
  throttle: 'STRANGLER_LAMBDA_THROTTLED',
  malformed: 'STRANGLER_LAMBDA_BAD_RESPONSE',
  status: 'STRANGLER_LAMBDA_STATUS',
};
export const BREAKER_OPEN = 'STRANGLER_BREAKER_OPEN';
/** A throttle falls back whatever the method: Lambda refused the call, the function never ran. */
export const THROTTLED = 'STRANGLER_LAMBDA_THROTTLED';
/** The HTTP status of each coded error the client may get (README "Error codes"). */
const CODE_STATUS: Record<string, number> = {
  STRANGLER_LAMBDA_FUNCTION_ERROR: 502,
  STRANGLER_LAMBDA_TIMEOUT: 504,
  STRANGLER_LAMBDA_THROTTLED: 503,
  STRANGLER_LAMBDA_BAD_RESPONSE: 502,
  STRANGLER_BREAKER_OPEN: 503,
};

export interface JudgeContext {
  /** Both sides' executions of this request id (after the run drained). */
  record: RequestRecord;
  /** The status the function answers for the `status` fault (listed in the plan's `fallback.onStatus`). */
  faultStatus: number;
  /** The order the request's Idempotency-Key created, if any. */
  orderOfKey?: string;
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks one request against what the proxy documents for its method, key and fault, exactly:
 * - GET and POST with an Idempotency-Key (`fallback.idempotencyKey: true`) may fall back: the client always gets a
 *   2xx, from the function when it did not fail, else from the monolith with `x-strangler-fallback` naming the
 *   fault's code (or STRANGLER_BREAKER_OPEN, the function then not called);
 * - POST without a key falls back only after a throttle (the function never ran); otherwise the function's answer,
 *   or the fault's coded error with its status (503 STRANGLER_BREAKER_OPEN when the breaker is open), and the
 *   monolith receives nothing;
 * - every request runs at most once per side, a POST without a key at most once in all, and each 2xx POST created
 *   exactly one order (for a key: the order the key owns, whichever side wrote it).
 * @example
 *   judge(req, answer, { record: ledger.of(req.id), faultStatus: 503 }).violations // []
 */
export function judge(req: SoakRequest, answer: ClientAnswer, ctx: JudgeContext): Verdict {
  const violations: Violation[] = [];
  const fail = (rule: string, detail: string): void => {
    violations.push({ rule, requestId: req.id, detail: `${req.method} ${req.path} fault=${req.fault}${req.key ? ' keyed' : ''}: ${detail}` });
  };
  const { record } = ctx;
  const executions = record.function + record.monolith;
  if (record.function > 1) fail('function-ran-twice', `${record.function} function executions`);
  if (record.monolith > 1) fail('monolith-ran-twice', `${record.monolith} monolith executions`);
  if (record.shadow > 1) fail('shadowed-twice', `${record.shadow} shadow copies`);
  if (req.kind === 'post' && executions > 1)
    fail('double-execution', `function ${record.function} + monolith ${record.monolith} executions without an Idempotency-Key`);
  if (req.kind !== 'get' && record.ordersCreated > 1) fail('duplicate-effect', `${record.ordersCreated} orders created`);
  if (!answer.ok) {
    fail('lost', `no answer (${answer.error}) after ${answer.ms.toFixed(0)} ms`);
    return { outcome: 'lost', violations };
  }
  // Whatever path it took, a safe request must never show the client an error.
  if (req.kind === 'get' && answer.status >= 400) fail('safe-route-error', `client got ${answer.status} ${answer.text.slice(0, 200)}`);
  const body = parse(answer.text);
  const mayFallBack = req.kind !== 'post';
  const expected = FAULT_CODE[req.fault];
  const success = req.method === 'POST' ? 201 : 200;
  const checkOrder = (): void => {
    if (req.method !== 'POST') return;
    if (req.key !== undefined) {
      if (ctx.orderOfKey === undefined || body?.orderId !== ctx.orderOfKey)
        fail('lost-effect', `answered order ${String(body?.orderId)}, the key owns ${String(ctx.orderOfKey)}`);
    } else if (record.ordersCreated !== 1 || typeof body?.orderId !== 'string')
      fail('lost-effect', `answered ${answer.status} with order ${String(body?.orderId)}, ${record.ordersCreated} created`);
  };
  const ownAnswer = (side: string): void => {
    if (body?.side !== side || body.requestId !== req.id) fail('wrong-answer', `expected the ${side}'s answer for ${req.id}, got ${answer.text.slice(0, 200)}`);
  };

  if (answer.fallback !== undefined) {
    // Fell back: allowed only where replaying is safe, only for the fault's own code or an open breaker.
    if (!mayFallBack && answer.fallback !== THROTTLED) fail('unsafe-fallback', `replayed to the monolith (${answer.fallback}) without an Idempotency-Key`);
    if (answer.fallback !== expected && answer.fallback !== BREAKER_OPEN)
      fail('wrong-code', `fell back with ${answer.fallback}, expected ${expected ?? 'no fallback'}`);
    if (answer.fallback === BREAKER_OPEN && record.function !== 0) fail('breaker-leak', `breaker open, yet the function ran ${record.function} time(s)`);
    if (answer.fallback === expected && record.function !== (req.fault === 'throttle' ? 0 : 1))
      fail('unrecorded', `fell back after ${expected}, ${record.function} function executions`);
    if (answer.status !== success || answer.servedBy !== 'monolith') fail('bad-fallback', `status ${answer.status}, served by ${String(answer.servedBy)}`);
    if (record.monolith !== 1) fail('fallback-not-executed', `fell back, monolith executions ${record.monolith}`);
    ownAnswer('monolith');
    checkOrder();
    return { outcome: 'fallback', code: answer.fallback, violations };
  }
  // A coded error from the proxy (it says `x-strangler-served-by: lambda`, the side that failed).
  const error = body?.error as { code?: unknown } | undefined;
  if (typeof error?.code === 'string' && answer.status >= 400) {
    const code = error.code;
    // A GET's error is counted above; a keyed POST had to fall back.
    if (req.kind === 'postKey') fail('no-fallback', `keyed POST got ${answer.status} ${code} instead of a fallback`);
    else if (code === THROTTLED) fail('no-fallback', `a throttled POST got ${answer.status} ${code} instead of a fallback`);
    else if (req.kind === 'post') {
      if (code !== expected && code !== BREAKER_OPEN) fail('wrong-code', `got ${answer.status} ${code}, expected ${expected ?? 'success'}`);
      else if (answer.status !== CODE_STATUS[code]) fail('wrong-status', `${code} with status ${answer.status}, expected ${CODE_STATUS[code]}`);
      if (record.monolith !== 0) fail('monolith-ran', `coded error, yet the monolith ran ${record.monolith} time(s)`);
      const ran = code === BREAKER_OPEN ? 0 : 1;
      if (record.function !== ran) fail('unrecorded', `${code}: ${record.function} function executions, expected ${ran}`);
    }
    return { outcome: 'error', code, violations };
  }
  if (answer.servedBy === 'lambda') {
    if (record.monolith !== 0) fail('monolith-ran', `served by the function, yet the monolith ran ${record.monolith} time(s)`);
    if (record.function !== 1) fail('unrecorded', `served by the function, ${record.function} function executions recorded`);
    if (req.fault === 'status' && !mayFallBack) {
      // A fallback.onStatus status that cannot fall back is the function's answer, passed as it is.
      if (answer.status !== ctx.faultStatus) fail('wrong-status', `status ${answer.status}, the function answered ${ctx.faultStatus}`);
      ownAnswer('function');
      return { outcome: 'lambda', violations };
    }
    if (expected !== undefined) fail('fault-hidden', `the fault should give ${expected}, the client got ${answer.status} from the function`);
    if (answer.status !== success) fail('wrong-status', `status ${answer.status}, expected ${success}`);
    ownAnswer('function');
    checkOrder();
    return { outcome: 'lambda', violations };
  }
  // Neither the function's answer, nor a fallback, nor a coded error: the route was not served by its function.
  fail('not-routed', `status ${answer.status} served by ${String(answer.servedBy)} without x-strangler-fallback: ${answer.text.slice(0, 200)}`);
  return { outcome: 'error', code: 'not-routed', violations };
}
