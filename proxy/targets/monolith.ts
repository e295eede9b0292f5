import type { IncomingMessage } from 'node:http';
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import { Pool } from 'undici';
import type { Plan } from '../plan/schema.js';
import type { Exchange } from '../exchange/exchange.js';
import type { ProxyServices } from '../services/index.js';
import { MonolithCall, type CallOwner, type MonolithResponse } from '../forward/call.js';
import { MONOLITH_TIMEOUT, MonolithTimeoutError, toMonolithError } from '../forward/errors.js';
import { clientAddress, forwardRequestHeaders, hasNoBody, upstreamPath } from '../http/headers.js';
import { isRetryable } from '../forward/retry.js';
import { MonolithUpgrader, type UpgradeHooks } from '../forward/websocket.js';

export type MonolithConfig = Plan['monolith'];
export type { MonolithResponse, UpgradeHooks };

export interface MonolithServeOptions {
  /**
   * The request body, already read: a fallback replaying a request another target consumed. Default: the client's
   * request streams through.
   */
  body?: Buffer;
  /**
   * `body` is only the start of the request's body (the Lambda target stopped reading at its payload limit): the rest
   * of the client's request streams after it, with backpressure, so the proxy never holds more than that start.
   */
  bodyContinues?: boolean;
  /**
   * Called with the monolith's response just before it streams to the client. A listener may read a copy of the
   * body (its `data` events) for a shadow comparison; it cannot pause or consume it.
   */
  onResponse?: (response: MonolithResponse, ex: Exchange) => void;
}

/**
 * The monolith target's per-request state: what its calls report to (their CallOwner), and what the exchange aborts
 * when the client goes away (`ex.inFlight`). Typed and reached directly, never looked up on the exchange.
 */
class Upstream implements CallOwner<Exchange> {
  call: MonolithCall<Exchange> | undefined = undefined;
  retried = false;

  constructor(
    readonly target: MonolithTarget,
    readonly ex: Exchange,
    readonly options: MonolithServeOptions | undefined,
    readonly method: string,
    readonly path: string,
    readonly headers: Record<string, string | string[] | undefined>,
  ) {}

  failed(call: MonolithCall<Exchange>, err: Error): void {
    this.target.failed(this, call, err);
  }

  settled(): void {
    this.target.settled();
  }

  /** The client went away: stop the monolith request. */
  abort(): void {
    this.call?.abort(new Error('the client went away'));
  }
}

/**
 * Forwards requests to the monolith over a keep-alive connection pool of `monolith.maxSockets` connections:
 * undici's Pool (the HTTP client behind node's fetch), driven through its low-level dispatch API (./call.ts), and
 * WebSocket handshakes through http-proxy (./websocket.ts). Bodies stream both ways with backpressure (memory stays
 * flat whatever the size); headers follow ./headers.ts; a client that goes away aborts the monolith request;
 * failures become coded 502/504 answers.
 *
 * Why undici rather than http-proxy over node's HTTP client for plain requests: the pass-through benchmark
 * (bench/README.md) showed node's client side to be the largest part of the proxy's cost per request, and undici's
 * dispatch API has no stream object per request; with it the proxy uses ~35% less CPU per forwarded request.
 *
 * Timeouts (`monolith.timeoutMs`): waiting for a pooled connection, connecting, and then inactivity on the
 * connection (no byte sent or received) — so a slow but progressing upload or download is not cut, while a
 * monolith that goes quiet is, like nginx's `proxy_read_timeout`. A monolith's `Keep-Alive: timeout=N` hint is
 * honoured: an idle connection is dropped a second before the monolith would drop it (4 s without a hint).
 */
export class MonolithTarget {
  readonly side = 'monolith' as const;
  readonly config: MonolithConfig;
  private readonly services: ProxyServices;
  private readonly pool: Pool;
  private readonly upgrader: MonolithUpgrader;
  private readonly basePath: string;
  private readonly hostOverride: string | undefined;
  /** Requests holding or waiting for a pooled connection. */
  private inFlight = 0;

  constructor(config: MonolithConfig, services: ProxyServices) {
    this.config = config;
    this.services = services;
    const target = new URL(config.url);
    const timeoutMs = config.timeoutMs;
    this.pool = new Pool(target.origin, {
      connections: config.maxSockets,
      pipelining: 1,
      connectTimeout: timeoutMs,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeoutThreshold: 1000,
    });
    this.basePath = target.pathname;
    this.hostOverride = config.preserveHost ? undefined : target.host;
    this.upgrader = new MonolithUpgrader(config, services.metrics, { basePath: this.basePath, hostOverride: this.hostOverride });
  }

  /** Forwards the exchange's request and streams the monolith's answer to the client. */
  serve(ex: Exchange, options?: MonolithServeOptions): void {
    const req = ex.req;
    ex.servedBy = 'monolith';
    const method = req.method ?? 'GET';
    const headers = forwardRequestHeaders(ex.headers, {
      remoteAddress: clientAddress(req.socket.remoteAddress),
      proto: (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http',
      requestId: ex.id,
      hostOverride: this.hostOverride,
    }) as Upstream['headers'];
    // Tracing on: a CLIENT span for this call, and `traceparent` naming it in the forwarded headers (proxy/tracing).
    if (ex.trace !== undefined) ex.trace.startMonolith(headers, method, this.config.url.replace(/\/$/, '') + (req.url ?? '/'));
    const upstream = new Upstream(this, ex, options, method, upstreamPath(this.basePath, req.url ?? '/'), headers);
    ex.inFlight = upstream;
    this.dispatch(ex, upstream);
  }

  /** Forwards an upgrade request (WebSocket handshake); after a 101 the two sockets are piped to each other. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, hooks: UpgradeHooks): void {
    this.upgrader.upgrade(req, socket, head, hooks);
  }

  close(): void {
    void this.pool.destroy().catch(() => {});
    this.upgrader.close();
  }

  private dispatch(ex: Exchange, upstream: Upstream): void {
    const call = new MonolithCall(ex, upstream, upstream.options?.onResponse);
    upstream.call = call;
    // All pooled connections busy: the request waits in undici's queue, where no connection timeout runs yet.
    if (this.inFlight >= this.config.maxSockets) call.queueTimer = setTimeout(queueTimeout, this.config.timeoutMs, upstream, call);
    this.inFlight++;
    const replay = upstream.options?.body;
    const continues = replay !== undefined && upstream.options?.bodyContinues === true;
    let body: Buffer | Readable | null = continues ? null : (replay ?? null);
    if (continues || (replay === undefined && !hasNoBody(ex.headers))) {
      // The client's body goes through a pipe: undici destroys a stream body it stops reading, and destroying the
      // half-read request itself would cut the client's connection before it gets the 502. A pipe also keeps
      // other readers of the body working (a shadow's copy reads `data` events alongside). A body read in part
      // goes in first; `pipe` then waits for it to drain before it resumes the request.
      const pipe = new PassThrough();
      if (continues) pipe.write(replay);
      ex.req.pipe(pipe);
      body = pipe;
    }
    this.pool.dispatch({ path: upstream.path, method: upstream.method, headers: upstream.headers, body }, call);
  }

  /** A call of `upstream` failed before the response started. */
  failed(upstream: Upstream, call: MonolithCall<Exchange>, err: Error): void {
    const ex = upstream.ex;
    if (ex.finished || ex.clientGone || upstream.call !== call) return;
    // A pooled connection the monolith closed just as it was reused: replay once if that cannot repeat an effect.
    if (!upstream.retried && upstream.options?.body === undefined && isRetryable(upstream.method, ex.headers, err)) {
      upstream.retried = true;
      this.dispatch(ex, upstream);
      return;
    }
    const error = toMonolithError(err, this.config.url, this.config.timeoutMs);
    this.services.metrics.upstreamError('monolith', error.code);
    ex.trace?.endMonolith(error.code);
    ex.fail(error);
  }

  /** A call is over. */
  settled(): void {
    this.inFlight--;
  }

  /** The queued call waited `timeoutMs` for a connection: answer 504 and drop it. */
  timedOutInQueue(upstream: Upstream, call: MonolithCall<Exchange>): void {
    call.queueTimer = undefined;
    const ex = upstream.ex;
    if (ex.finished || ex.res.headersSent || upstream.call !== call) return;
    this.services.metrics.upstreamError('monolith', MONOLITH_TIMEOUT);
    ex.trace?.endMonolith(MONOLITH_TIMEOUT);
    ex.fail(new MonolithTimeoutError(this.config.timeoutMs));
    // undici drops it when a connection frees up, before writing anything (MonolithCall.onRequestStart).
    call.abort(new MonolithTimeoutError(this.config.timeoutMs));
  }
}

function queueTimeout(upstream: Upstream, call: MonolithCall<Exchange>): void {
  upstream.target.timedOutInQueue(upstream, call);
}
