import { isDeepStrictEqual } from 'node:util';
import { monolithErrorCode } from '../forward/errors.js';
import type { Plan, Route } from '../plan/schema.js';
import type { RequestOutcome } from '../stages/resolver.js';
import type { Side } from '../stages/plan.js';
import type { Exchange } from '../exchange/exchange.js';
import { teeBody } from '../shadow/wiring/capture.js';
import { monolithShadowCaller, type MonolithShadowCaller } from '../shadow/wiring/monolith-call.js';
import { routeEventPayload, SYNC_PAYLOAD_LIMIT } from './event.js';
import type { LambdaInvoker } from '../services/invoker.js';
import type { MonolithTarget } from './monolith.js';

/** One side's part in a request, as the stage resolver's `complete` takes it (LaunchDarkly migration op events). */
type SideOutcome = RequestOutcome['sides'][number];

/** Connections the second writes may hold to the monolith at once (they never take the client requests' pool). */
const MONOLITH_SOCKETS = 16;

/**
 * Dual writes (`writes: dual` routes, where the function owns data of its own): LaunchDarkly's write order. The
 * authoritative side answers the client; once that answer is complete and succeeded (2xx), the other side gets the
 * same request, and its result is logged, counted and reported to the stage resolver (migration op events), never
 * returned. A write the authoritative side refused (non-2xx, error) is not repeated on the other side, so the two
 * data stores never diverge by a write only one of them accepted.
 * - `dualwrite`, `shadow`: the monolith answers, the function is written second (`serveMonolithThenLambda`);
 * - `live`, `rampdown`: the function answers, the monolith is written second (`afterLambda`, from the Lambda target).
 * The second write is never retried, never falls back, and ignores the route's circuit breaker (it is not serving).
 */
export class SecondWriter {
  private monolith: MonolithShadowCaller | undefined;

  constructor(private readonly plan: Plan) {}

  /** True when this writer can be kept for a reloaded plan (same monolith). */
  fits(plan: Plan): boolean {
    return isDeepStrictEqual(plan.monolith, this.plan.monolith);
  }

  /**
   * The monolith serves the write; a copy of the request body is kept for the function's second write. The
   * dispatch hands over the generation's monolith target and Lambda invoker (the writer never looks for them).
   */
  serveMonolithThenLambda(ex: Exchange, monolith: MonolithTarget, lambda: LambdaInvoker): void {
    const body = teeBody(ex.req, SYNC_PAYLOAD_LIMIT);
    let status = 0;
    monolith.serve(ex, { onResponse: (res) => (status = res.statusCode ?? 0) });
    ex.res.once('finish', () => {
      ex.deferSide(body.then((b) => this.write(ex, 'lambda', b, status, lambda)));
    });
  }

  /** The function answered the write (`status`); the monolith gets it second, once the client has the answer. */
  afterLambda(ex: Exchange, body: Buffer, status: number): void {
    ex.res.once('finish', () => ex.deferSide(this.write(ex, 'monolith', body, status)));
  }

  close(): void {
    this.monolith?.close();
  }

  private async write(ex: Exchange, side: Side, body: Buffer | null, authoritativeStatus: number, lambda?: LambdaInvoker): Promise<SideOutcome | undefined> {
    const route = ex.route!;
    const { logger, secondWriteMetrics: m } = ex.generation.services;
    const base = { event: 'second-write', routeId: route.id, requestId: ex.id, side, stage: ex.decision?.stage ?? null };
    if (ex.fallbackCode !== undefined || ex.errorCode !== undefined || authoritativeStatus < 200 || authoritativeStatus > 299) {
      m.writes.labels(route.id, side, 'skipped').inc();
      logger.info({ ...base, authoritativeStatus, reason: 'the authoritative write did not succeed' }, 'second write skipped');
      return undefined;
    }
    if (body === null) {
      m.writes.labels(route.id, side, 'skipped').inc();
      logger.warn({ ...base, reason: 'request body over 6 MB' }, 'second write skipped');
      return undefined;
    }
    const started = performance.now();
    let status: number | undefined;
    let errorCode: string | undefined;
    try {
      if (lambda !== undefined) ({ status, errorCode } = await this.writeLambda(ex, route, body, lambda));
      else status = await this.writeMonolith(ex, body);
    } catch (err) {
      errorCode = secondWriteErrorCode(err, side);
    }
    const latencyMs = performance.now() - started;
    const failed = errorCode !== undefined || status === undefined || status >= 500;
    m.writes.labels(route.id, side, failed ? 'failed' : 'ok').inc();
    m.duration.labels(route.id, side).observe(latencyMs / 1000);
    const line = { ...base, status: status ?? null, durationMs: Math.round(latencyMs * 100) / 100, ...(errorCode !== undefined ? { errorCode } : {}) };
    if (failed) logger.warn(line, 'second write failed');
    else logger.info(line, 'second write');
    return { side, latencyMs, error: failed, role: 'second-write' };
  }

  private async writeLambda(
    ex: Exchange,
    route: Route,
    body: Buffer,
    lambda: LambdaInvoker,
  ): Promise<{ status: number | undefined; errorCode: string | undefined }> {
    const method = ex.req.method ?? 'POST';
    // The same event as the live path's (proxy/targets/event.ts), from the request's facts.
    const payload = routeEventPayload(ex.facts(), ex.req.rawHeaders, body);
    if (payload.length > SYNC_PAYLOAD_LIMIT) return { status: undefined, errorCode: 'STRANGLER_REQUEST_TOO_LARGE' };
    const { classification: c } = await lambda.invoke(route, method, payload);
    const response = c.ok ? c.response : c.response;
    return { status: response?.statusCode, errorCode: c.ok ? undefined : c.failure.code };
  }

  private async writeMonolith(ex: Exchange, body: Buffer): Promise<number> {
    this.monolith ??= monolithShadowCaller(this.plan.monolith, MONOLITH_SOCKETS, SYNC_PAYLOAD_LIMIT, { markShadow: false });
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(ex.headers)) if (value !== undefined) headers[name] = value;
    const response = await this.monolith.call({
      method: ex.req.method ?? 'POST',
      url: ex.req.url ?? '/',
      headers,
      body,
      requestId: ex.id,
      remoteAddress: ex.req.socket.remoteAddress,
      dryRun: false,
      signal: AbortSignal.timeout(this.plan.monolith.timeoutMs),
    });
    return response.status;
  }
}

/**
 * The code a failed second write is logged with: a coded error keeps its code; a failure of the HTTP client
 * towards the monolith (a timeout, a refused, reset or unreachable connection) gets the forwarding path's codes;
 * anything else is STRANGLER_SECOND_WRITE_FAILED. Node's errors carry `code` as a string (`ECONNREFUSED`), an
 * AbortSignal timeout as a number, so neither is passed on as it is.
 */
function secondWriteErrorCode(err: unknown, side: Side): string {
  const { code, name } = (err ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && code.startsWith('STRANGLER_')) return code;
  return side === 'monolith' && (typeof code === 'string' || name === 'TimeoutError') ? monolithErrorCode(err) : 'STRANGLER_SECOND_WRITE_FAILED';
}
