import { performance } from 'node:perf_hooks';
import type { RequestFacts } from '../../routing/facts.js';
import type { Stage } from '../../stages/plan.js';
import { compareResponses, type CapturedResponse, type HeaderBag } from '../compare/compare.js';
import { ShadowError, SHADOW_ERROR_CODES } from '../errors.js';
import type { ShadowMetrics } from '../metrics.js';
import type { ResultsStore, ShadowSide, SkipReason } from '../store/types.js';
import { decideShadow, type ShadowDecision } from './decide.js';
import { NoiseModel } from './noise-model.js';
import type { ShadowRoute } from './routes.js';

/** The marker every shadow call carries (and, for the Lambda, also its client context): see the dry-run contract. */
export const SHADOW_HEADER = 'x-strangler-shadow';

/** What a shadow call function receives. */
export interface ShadowCallRequest {
  method: string;
  /** Path and query, exactly as the client sent them. */
  url: string;
  /**
   * The client's headers, unchanged (Host included: a shadow call never rewrites it), plus the request id and
   * `x-strangler-shadow: 1`.
   */
  headers: Record<string, string | string[]>;
  body: Buffer;
  requestId: string;
  /** The client's address (for X-Forwarded-For on the monolith side), when known. */
  remoteAddress?: string | undefined;
  /**
   * The facts of the request as the proxy matched it (route, params, client address, protocol): the Lambda side
   * builds its event from them, exactly as the live path does. Absent for calls made outside a proxy request.
   */
  facts?: RequestFacts | undefined;
  /** True for an unsafe method shadowed under the dry-run contract: the Lambda side puts the marker in the client context too. */
  dryRun: boolean;
  /** Aborted at the shadow timeout and when the runner closes: the call must stop and release its resources. */
  signal: AbortSignal;
}

/**
 * Traces one shadow call (proxy/tracing, when on): starts a span for the call to `side`, writes the trace headers
 * naming it into `headers`, and returns the function that ends the span.
 */
export type ShadowCallTracer = (
  side: ShadowSide,
  headers: Record<string, string | string[]>,
  noise: boolean,
) => (end: { status?: number; errorCode?: string }) => void;

/** Calls one side and resolves with its complete response (body buffered, at most `maxBodyBytes`). */
export type ShadowCall = (request: ShadowCallRequest) => Promise<CapturedResponse>;

/** One shadowed request, handed over once the authoritative answer is known. */
export interface ShadowJob {
  route: ShadowRoute;
  /** From `decide` (must be a positive decision). */
  decision: Extract<ShadowDecision, { shadow: true }>;
  request: {
    method: string;
    url: string;
    headers: HeaderBag;
    body: Buffer;
    requestId: string;
    remoteAddress?: string | undefined;
    /** The request's facts as matched (see ShadowCallRequest.facts). */
    facts?: RequestFacts | undefined;
    /** The request's trace, when tracing is on: each shadow call gets a span of the same trace. */
    trace?: ShadowCallTracer | undefined;
  };
  /** The answer the client got, and how long the serving side took. */
  served: { response: CapturedResponse; latencyMs: number };
  /** Calls the shadow side (`decision.side`). */
  call: ShadowCall;
  /** Calls the monolith again (noise learning); without it no noise is learned for this request. */
  callMonolithAgain?: ShadowCall;
}

/** Told after each shadow: for logs, and the resolver's `complete` (LaunchDarkly's consistency check). */
export interface ShadowResultEvent {
  route: string;
  requestId: string;
  side: ShadowSide;
  /** True/false after a comparison; undefined when the shadow call failed. */
  consistent?: boolean;
  error?: { code: string; message: string };
  latencyMs: number;
  /** Differing fields (generalised), when not consistent. */
  fields?: string[];
}

export interface RunnerOptions {
  store: ResultsStore;
  metrics?: ShadowMetrics | undefined;
  /** Global cap on concurrent shadow calls (`shadow.maxConcurrent`). */
  maxConcurrent: number;
  /** Header that carries the request id to both sides. Default `x-request-id`. */
  requestIdHeader?: string;
  onResult?: (event: ShadowResultEvent) => void;
  /** How often a route's learned noise is recomputed. Default 10000 ms. */
  noiseRefreshMs?: number;
  random?: () => number;
  now?: () => number;
}

/**
 * Runs shadow calls in the background and records their comparison. The client's response is never waited on
 * nor altered: `submit` returns at once and the work starts on a later turn of the event loop. Bounded: over
 * `maxConcurrent` calls in flight a shadow is skipped and counted (`cap`), never queued, so memory stays flat
 * when the shadow side is slow or down.
 * @example
 *   const d = runner.decide(route, 'GET', 'shadow');
 *   if (d.shadow) res.on('finish', () => runner.submit({ route, decision: d, request, served, call: callLambda }));
 */
export class ShadowRunner {
  private inFlight = 0;
  private peak = 0;
  private closing = false;
  private readonly controllers = new Set<AbortController>();
  private readonly settled = new Set<Promise<void>>();
  private readonly noise: NoiseModel;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly requestIdHeader: string;

  constructor(private readonly opts: RunnerOptions) {
    this.random = opts.random ?? Math.random;
    this.now = opts.now ?? Date.now;
    this.requestIdHeader = (opts.requestIdHeader ?? 'x-request-id').toLowerCase();
    this.noise = new NoiseModel(opts.store, opts.noiseRefreshMs ?? 10_000, this.now);
  }

  /** Shadow calls in flight now, and the most there ever were (tests and `/shadow/report`). */
  get concurrency(): { inFlight: number; peak: number; max: number } {
    return { inFlight: this.inFlight, peak: this.peak, max: this.opts.maxConcurrent };
  }

  /**
   * Whether to shadow this request (counts `unsafe` and `cap` skips). Cheap: call it before buffering bodies.
   */
  decide(route: ShadowRoute, method: string, stage: Stage): ShadowDecision {
    const d = decideShadow(route, method, stage, this.random);
    if (!d.shadow) {
      if (d.reason) this.skip(route.id, d.reason);
      return d;
    }
    if (this.closing || this.inFlight >= this.opts.maxConcurrent) {
      const reason: SkipReason = this.closing ? 'closing' : 'cap';
      this.skip(route.id, reason);
      return { shadow: false, reason };
    }
    return d;
  }

  /** Counts a request that was not shadowed (e.g. `body-too-large`, decided by the proxy while buffering). */
  skip(route: string, reason: SkipReason): void {
    this.opts.store.recordSkip({ route, reason, at: this.now() });
    this.opts.metrics?.skipped.inc({ route, reason });
  }

  /**
   * Starts the shadow in the background. Never throws, never blocks. The promise gives the shadow's result once
   * it is compared (undefined when skipped): the proxy adds it to the request's migration op event.
   */
  submit(job: ShadowJob): Promise<ShadowResultEvent | undefined> {
    const full = this.closing ? 'closing' : this.inFlight >= this.opts.maxConcurrent ? 'cap' : undefined;
    if (full !== undefined) {
      this.skip(job.route.id, full);
      return NOT_RUN;
    }
    this.acquire();
    // Not on the caller's stack: the proxy may call this from its response path.
    const result = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run(job))
      .catch(() => undefined)
      .finally(() => {
        this.release();
        this.settled.delete(done);
      });
    const done = result.then(() => undefined);
    this.settled.add(done);
    return result;
  }

  private acquire(): void {
    this.inFlight += 1;
    this.peak = Math.max(this.peak, this.inFlight);
    this.opts.metrics?.inFlight.set(this.inFlight);
  }

  private release(): void {
    this.inFlight -= 1;
    this.opts.metrics?.inFlight.set(this.inFlight);
  }

  private async run(job: ShadowJob): Promise<ShadowResultEvent> {
    const { route, decision, request } = job;
    // The noise call takes a slot of its own; when there is none, this request just teaches no noise.
    const noiseCall = decision.noise && job.callMonolithAgain && !this.closing && this.inFlight < this.opts.maxConcurrent ? job.callMonolithAgain : undefined;
    if (noiseCall) this.acquire();
    const [shadow, again] = await Promise.all([
      this.callWithTimeout(job.call, job, route.config.timeoutMs, decision.side, false),
      noiseCall ? this.callWithTimeout(noiseCall, job, route.config.timeoutMs, 'monolith', true).finally(() => this.release()) : Promise.resolve(undefined),
    ]);
    const at = this.now();
    const { store, metrics } = this.opts;
    metrics?.latency.observe({ route: route.id, side: decision.side }, shadow.latencyMs / 1000);
    metrics?.latency.observe({ route: route.id, side: decision.served }, job.served.latencyMs / 1000);
    if (again && !again.ok) store.recordError({ route: route.id, side: 'monolith', code: again.error.code, at, noise: true });
    if (!shadow.ok) {
      store.recordError({ route: route.id, side: decision.side, code: shadow.error.code, latencyMs: shadow.latencyMs, at });
      metrics?.errors.inc({ route: route.id, side: decision.side, code: shadow.error.code });
      return this.emit({ route: route.id, requestId: request.requestId, side: decision.side, error: shadow.error, latencyMs: shadow.latencyMs });
    }
    const monolith = decision.side === 'monolith' ? shadow.response : job.served.response;
    const lambda = decision.side === 'lambda' ? shadow.response : job.served.response;
    const result = compareResponses(monolith, lambda, route.rules);
    const noise = again?.ok ? { diffs: compareResponses(monolith, again.response, route.rules).diffs } : undefined;
    let noiseOnly = false;
    if (!result.equal && !result.truncated && route.config.noise.mode === 'learn') {
      const noisy = this.noise.noisyFields(route);
      noiseOnly = noisy.size > 0 && result.diffs.every((d) => noisy.has(d.field));
    }
    const latencyMs = {
      monolith: decision.side === 'monolith' ? shadow.latencyMs : job.served.latencyMs,
      lambda: decision.side === 'lambda' ? shadow.latencyMs : job.served.latencyMs,
    };
    store.recordComparison({
      route: route.id,
      at,
      servedBy: decision.served,
      latencyMs,
      result,
      noiseOnly,
      noise,
      request: { id: request.requestId, method: request.method, url: request.url, headers: request.headers },
      redaction: route.redaction,
    });
    const consistent = result.equal || noiseOnly;
    metrics?.comparisons.inc({ route: route.id, result: consistent ? 'match' : 'mismatch' });
    return this.emit({
      route: route.id,
      requestId: request.requestId,
      side: decision.side,
      consistent,
      latencyMs: shadow.latencyMs,
      ...(consistent ? {} : { fields: [...new Set(result.diffs.map((d) => d.field))] }),
    });
  }

  private emit(event: ShadowResultEvent): ShadowResultEvent {
    try {
      this.opts.onResult?.(event);
    } catch {
      // A listener's bug must not break shadowing.
    }
    return event;
  }

  private async callWithTimeout(
    call: ShadowCall,
    job: ShadowJob,
    timeoutMs: number,
    side: ShadowSide,
    noise: boolean,
  ): Promise<{ ok: true; response: CapturedResponse; latencyMs: number } | { ok: false; error: ShadowError; latencyMs: number }> {
    const controller = new AbortController();
    this.controllers.add(controller);
    const started = performance.now();
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(job.request.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v : String(v);
    headers[this.requestIdHeader] = job.request.requestId;
    headers[SHADOW_HEADER] = '1';
    const endSpan = job.request.trace?.(side, headers, noise);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new ShadowError(SHADOW_ERROR_CODES.timeout, `shadow call did not answer within ${timeoutMs} ms`);
        controller.abort(err);
        reject(err);
      }, timeoutMs);
    });
    const attempt = Promise.resolve().then(() =>
      call({
        method: job.request.method,
        url: job.request.url,
        headers,
        body: job.request.body,
        requestId: job.request.requestId,
        remoteAddress: job.request.remoteAddress,
        facts: job.request.facts,
        dryRun: job.decision.dryRun,
        signal: controller.signal,
      }),
    );
    try {
      const response = await Promise.race([attempt, timeout]);
      endSpan?.({ status: response.status });
      return { ok: true, response, latencyMs: performance.now() - started };
    } catch (err) {
      const error =
        err instanceof ShadowError
          ? err
          : new ShadowError(SHADOW_ERROR_CODES.callFailed, `shadow call failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
      endSpan?.({ errorCode: error.code });
      return { ok: false, error, latencyMs: performance.now() - started };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
      // The slot is held until the call itself has settled (the call honours `signal`), so calls that ignore
      // the deadline still count against the cap and cannot pile up.
      await attempt.then(
        () => {},
        () => {},
      );
    }
  }

  /** Forgets learned noise (after a plan reload changed the rules). */
  resetNoise(): void {
    this.noise.clear();
  }

  /**
   * Stops taking shadows, aborts those in flight and waits (at most `graceMs`) for them to settle. The store is
   * not closed here: its owner closes it after.
   */
  async close(graceMs = 5_000): Promise<void> {
    this.closing = true;
    for (const c of this.controllers) c.abort(new ShadowError(SHADOW_ERROR_CODES.callFailed, 'proxy is shutting down'));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...this.settled]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }
}

/** `submit`'s answer for a shadow that did not run. */
const NOT_RUN: Promise<undefined> = Promise.resolve(undefined);
