import type { ClientRequest, IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Readable, type Duplex } from 'node:stream';
import { parse as parseLegacyUrl } from 'node:url';
import httpProxy from 'http-proxy';
import type { StranglerError } from '../errors.js';
import type { Plan } from '../plan/schema.js';
import { kExchange, type Exchange, type ExchangeCarrier } from '../server/exchange.js';
import type { SharedState } from '../server/generation.js';
import { createMonolithAgent, upstreamPath, type MonolithAgent } from './agent.js';
import { MONOLITH_TIMEOUT, MonolithTimeoutError, toMonolithError } from './errors.js';
import { clientAddress, forwardRequestHeaders, forwardResponseHeaders } from './headers.js';
import { isRetryable } from './retry.js';

export type MonolithConfig = Plan['monolith'];

export interface MonolithServeOptions {
  /**
   * The request body, already read: a fallback replaying a request another target consumed. Default: the client's
   * request streams through.
   */
  body?: Buffer;
  /**
   * Called with the monolith's response just before it streams to the client. A listener may read a copy of the
   * body (`response.on('data')` alongside the pipe) for a shadow comparison; it must not pause or consume it.
   */
  onResponse?: (response: IncomingMessage, ex: Exchange) => void;
}

/** Observes a WebSocket (or other upgrade) handshake forwarded to the monolith. */
export interface UpgradeHooks {
  requestId: string;
  /** Headers added to the handshake response (flat list). */
  responseHeaders(): string[];
  /** Once per handshake: the status the client got (101 when upgraded) or the coded failure. */
  done(status: number, error?: StranglerError): void;
}

const kUpgrade = Symbol('strangler.upgrade');
const kHandshakeDone = Symbol('strangler.handshake-done');
const kRetried = Symbol('strangler.retried');
type Carrier = ExchangeCarrier & { [kUpgrade]?: UpgradeHooks; [kRetried]?: boolean; [kHandshakeDone]?: boolean };
type UpstreamResponse = IncomingMessage & ExchangeCarrier;

/** The monolith target's per-request state (`ex.targetState`). */
interface Upstream {
  request: ClientRequest | undefined;
  queueTimer: NodeJS.Timeout | undefined;
  options: MonolithServeOptions | undefined;
}

function stateOf(ex: Exchange): Upstream | undefined {
  return ex.targetState as Upstream | undefined;
}

/**
 * Forwards requests to the monolith with http-proxy over a keep-alive connection pool (`monolith.maxSockets`).
 * Bodies stream both ways (node's pipe backpressure: memory stays flat whatever the size); headers follow
 * ./headers.ts; a client that goes away aborts the monolith request; failures become coded 502/504 answers.
 *
 * Timeouts (`monolith.timeoutMs`): waiting for a pooled connection, and then inactivity on the connection (no byte
 * sent or received) — so a slow but progressing upload or download is not cut, while a monolith that goes quiet
 * is, like nginx's `proxy_read_timeout`.
 */
export class MonolithTarget {
  readonly side = 'monolith' as const;
  readonly config: MonolithConfig;
  private readonly shared: SharedState;
  private readonly agent: MonolithAgent;
  private readonly basePath: string;
  private readonly proxy: httpProxy;
  private readonly hostOverride: string | undefined;
  private readonly agentKey: string;
  private readonly onUpstreamTimeout: (this: ClientRequest) => void;

  constructor(config: MonolithConfig, shared: SharedState) {
    this.config = config;
    this.shared = shared;
    const target = parseLegacyUrl(config.url);
    const https = target.protocol === 'https:';
    const agentOptions = { keepAlive: true, maxSockets: config.maxSockets, maxFreeSockets: config.maxSockets, scheduling: 'lifo' as const };
    const port = target.port ? Number(target.port) : https ? 443 : 80;
    const host = (target.hostname ?? 'localhost').replace(/^\[|\]$/g, '');
    // `timeout` bounds the TCP (and TLS) connect of a new pooled connection: node applies a request's own
    // `setTimeout` only once its socket has connected, so a monolith host that never answers the SYN (down behind
    // a firewall, a full accept queue) would otherwise hold the request until the OS gives up, minutes later.
    // Node resets the socket's timeout when the request takes it, and again when it returns to the pool.
    this.agent = createMonolithAgent(https, agentOptions, { host, port, timeout: config.timeoutMs });
    this.agent.onRequest = (owner, request) => this.onUpstream(owner, request);
    this.basePath = target.pathname ?? '/';
    this.agentKey = this.agent.getName({ host, port });
    this.hostOverride = config.preserveHost ? undefined : (target.host ?? undefined);
    this.proxy = httpProxy.createProxyServer({ target, agent: this.agent, selfHandleResponse: true, xfwd: false, ws: true });
    // Keep only http-proxy's `stream` pass: its other passes (X-Forwarded-*, DELETE content-length, socket
    // timeout, the WebSocket-only upgrade check) are done here, per the rules in ./headers.ts.
    const passes = this.proxy as unknown as { webPasses: Array<{ name: string }>; wsPasses: Array<{ name: string }> };
    passes.webPasses = passes.webPasses.filter((p) => p.name === 'stream');
    passes.wsPasses = passes.wsPasses.filter((p) => p.name === 'stream');
    this.proxy.on('proxyRes', this.onProxyRes);
    this.proxy.on('proxyReqWs', this.onProxyReqWs);
    const timeoutMs = config.timeoutMs;
    this.onUpstreamTimeout = function (this: ClientRequest) {
      this.destroy(new MonolithTimeoutError(timeoutMs));
    };
  }

  /** Forwards the exchange's request and streams the monolith's answer to the client. */
  serve(ex: Exchange, options?: MonolithServeOptions): void {
    const req = ex.req as IncomingMessage & Carrier;
    ex.servedBy = 'monolith';
    ex.cancel = cancelUpstream;
    const upstream: Upstream = { request: undefined, queueTimer: undefined, options };
    ex.targetState = upstream;
    req[kExchange] = ex;
    // http-proxy copies `req.headers` into the monolith request; the client's own stay on `ex.headers`.
    req.headers = forwardRequestHeaders(ex.headers, {
      remoteAddress: clientAddress(req.socket.remoteAddress),
      proto: (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http',
      requestId: ex.id,
      hostOverride: this.hostOverride,
    }) as IncomingHttpHeaders;
    // Tracing on: a CLIENT span for this call, and `traceparent` naming it in the forwarded headers (proxy/tracing).
    if (ex.trace !== undefined) ex.trace.startMonolith(req.headers, req.method ?? 'GET', this.config.url.replace(/\/$/, '') + (req.url ?? '/'));
    // All pooled connections busy: the request waits in the agent's queue, where no socket timeout runs.
    if ((this.agent.sockets[this.agentKey]?.length ?? 0) >= this.config.maxSockets) {
      upstream.queueTimer = setTimeout(() => this.queueTimeout(ex), this.config.timeoutMs);
    }
    this.forward(req, ex.res, ex, options);
  }

  /** Forwards an upgrade request (WebSocket handshake); after a 101 the two sockets are piped to each other. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, hooks: UpgradeHooks): void {
    (req as Carrier)[kUpgrade] = hooks;
    req.headers = forwardRequestHeaders(req.headers, {
      remoteAddress: clientAddress(req.socket.remoteAddress),
      proto: (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http',
      requestId: hooks.requestId,
      hostOverride: this.hostOverride,
      upgrade: true,
    }) as IncomingHttpHeaders;
    this.agent.nextPath = upstreamPath(this.basePath, req.url ?? '/');
    (this.proxy.ws as (...args: unknown[]) => void)(req, socket, head, this.onWsError);
    this.agent.nextPath = undefined;
  }

  close(): void {
    this.agent.destroy();
  }

  private forward(req: IncomingMessage, res: ServerResponse, ex: Exchange, options: MonolithServeOptions | undefined): void {
    // http-proxy creates the monolith request synchronously inside web(): the agent hands it to onUpstream.
    this.agent.nextPath = upstreamPath(this.basePath, req.url ?? '/');
    this.agent.nextOwner = ex;
    try {
      this.send(req, res, options);
    } finally {
      this.agent.nextPath = undefined;
      this.agent.nextOwner = undefined;
    }
  }

  private send(req: IncomingMessage, res: ServerResponse, options: MonolithServeOptions | undefined): void {
    const web = this.proxy.web as (this: httpProxy, ...args: unknown[]) => void;
    if (options?.body !== undefined) {
      web.call(this.proxy, req, res, { buffer: Readable.from([options.body]) }, this.onError);
    } else if (hasNoBody(req)) {
      // Nothing to stream: end the monolith request at once instead of piping an empty request into it (a pipe
      // costs a handful of listeners and ticks). http-proxy reads `options.buffer` synchronously in web().
      const shared = (this.proxy as unknown as { options: { buffer?: unknown } }).options;
      shared.buffer = NO_BODY;
      try {
        web.call(this.proxy, req, res, this.onError);
      } finally {
        shared.buffer = undefined;
      }
    } else {
      web.call(this.proxy, req, res, this.onError);
    }
  }

  private queueTimeout(ex: Exchange): void {
    const upstream = stateOf(ex);
    if (upstream !== undefined) upstream.queueTimer = undefined;
    if (ex.finished || ex.res.headersSent) return;
    this.shared.metrics.upstreamError('monolith', MONOLITH_TIMEOUT);
    ex.trace?.endMonolith(MONOLITH_TIMEOUT);
    ex.fail(new MonolithTimeoutError(this.config.timeoutMs));
    // Drop the queued request: node skips a destroyed request when a connection frees up.
    upstream?.request?.destroy();
  }

  /** The monolith request, as soon as it exists (before its head is written). */
  private onUpstream(owner: unknown, request: ClientRequest): void {
    if (owner === undefined) return;
    const ex = owner as Exchange;
    const upstream = stateOf(ex);
    if (upstream !== undefined) upstream.request = request;
    if (ex.finished || ex.res.writableEnded) {
      // Answered (queue timeout) or abandoned before the monolith was asked.
      process.nextTick(() => request.destroy());
      return;
    }
    // Starts once the request has a connection (node defers it); until then the queue timer runs.
    request.setTimeout(this.config.timeoutMs, this.onUpstreamTimeout);
    if (upstream?.queueTimer !== undefined) request.once('socket', () => clearQueueTimer(upstream));
  }

  private readonly onProxyRes = (proxyRes: UpstreamResponse, req: IncomingMessage & Carrier, res: ServerResponse): void => {
    const ex = req[kExchange];
    if (ex === undefined || ex.finished || res.headersSent || res.destroyed) {
      proxyRes.resume();
      return;
    }
    ex.trace?.monolithStatus(proxyRes.statusCode ?? 502);
    const headers = forwardResponseHeaders(proxyRes.rawHeaders, ex.responseHeaders());
    try {
      res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage, headers);
    } catch (err) {
      // A header node refuses to send (it parsed it from the monolith, so this should not happen).
      proxyRes.destroy();
      this.shared.metrics.upstreamError('monolith', 'STRANGLER_MONOLITH_UNAVAILABLE');
      ex.fail(toMonolithError(err, this.config.url));
      return;
    }
    ex.sentHeaders = headers;
    proxyRes[kExchange] = ex;
    proxyRes.on('close', onUpstreamResponseClose);
    stateOf(ex)?.options?.onResponse?.(proxyRes, ex);
    proxyRes.pipe(res);
  };

  private readonly onError = (err: Error, req: IncomingMessage & Carrier, res: ServerResponse): void => {
    const ex = req[kExchange];
    if (ex === undefined || ex.finished || ex.clientGone) return;
    const upstream = stateOf(ex);
    // A pooled connection the monolith closed just as it was reused: replay once if that cannot repeat an effect.
    if (!req[kRetried] && !res.headersSent && upstream?.request !== undefined && isRetryable(upstream.request, req, err)) {
      req[kRetried] = true;
      upstream.request = undefined;
      this.forward(req, res, ex, upstream.options);
      return;
    }
    const error = toMonolithError(err, this.config.url);
    this.shared.metrics.upstreamError('monolith', error.code);
    ex.trace?.endMonolith(error.code);
    ex.fail(error);
  };

  private readonly onProxyReqWs = (proxyReq: ClientRequest, req: IncomingMessage & Carrier): void => {
    const hooks = req[kUpgrade];
    if (hooks === undefined) return;
    proxyReq.setTimeout(this.config.timeoutMs, this.onUpstreamTimeout);
    // Registered before http-proxy's own listeners, so these run first and adjust what it writes to the client.
    proxyReq.on('upgrade', (proxyRes: IncomingMessage) => {
      req[kHandshakeDone] = true;
      addHeaders(proxyRes.headers, hooks.responseHeaders());
      hooks.done(101);
    });
    proxyReq.on('response', (proxyRes: IncomingMessage) => {
      req[kHandshakeDone] = true;
      // http-proxy writes a refused handshake's headers as received and pipes the decoded body to the socket,
      // then closes it: the body is delimited by the close, so chunked framing must not be announced.
      delete proxyRes.headers['transfer-encoding'];
      proxyRes.headers.connection = 'close';
      addHeaders(proxyRes.headers, hooks.responseHeaders());
      hooks.done(proxyRes.statusCode ?? 502);
    });
  };

  private readonly onWsError = (err: Error, req: IncomingMessage & Carrier, socket: Duplex): void => {
    // After the handshake this is the end of an upgraded connection (http-proxy ends the client side next).
    if (req[kHandshakeDone]) return;
    req[kHandshakeDone] = true;
    const hooks = req[kUpgrade];
    const error = toMonolithError(err, this.config.url);
    this.shared.metrics.upstreamError('monolith', error.code);
    hooks?.done(error.statusCode ?? 502, error);
    // Answer the handshake (http-proxy ends the socket right after this callback).
    if (socket.writable) {
      const body = JSON.stringify(error.toJSON());
      const extra = hooks?.responseHeaders() ?? [];
      let head = `HTTP/1.1 ${error.statusCode ?? 502} ${error.statusCode === 504 ? 'Gateway Timeout' : 'Bad Gateway'}\r\n`;
      head += `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n`;
      for (let i = 0; i < extra.length; i += 2) if (extra[i] !== 'connection') head += `${extra[i]}: ${extra[i + 1]}\r\n`;
      socket.write(`${head}\r\n${body}`);
    }
  };
}

/** What http-proxy pipes into the monolith request for a request without a body. */
const NO_BODY = {
  pipe<T extends { end(): unknown }>(destination: T): T {
    destination.end();
    return destination;
  },
};

/** No Content-Length (or 0) and no Transfer-Encoding: the request has no body (RFC 9112 §6.3). */
function hasNoBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
}

function clearQueueTimer(upstream: Upstream): void {
  if (upstream.queueTimer !== undefined) clearTimeout(upstream.queueTimer);
  upstream.queueTimer = undefined;
}

/** `ex.cancel` of exchanges the monolith serves: the client went away, so stop the monolith request. */
function cancelUpstream(ex: Exchange): void {
  const upstream = stateOf(ex);
  if (upstream === undefined) return;
  if (upstream.queueTimer !== undefined) clearTimeout(upstream.queueTimer);
  upstream.queueTimer = undefined;
  upstream.request?.destroy();
}

/** The monolith's response ended early (connection reset, timeout): the client's response cannot complete. */
function onUpstreamResponseClose(this: UpstreamResponse): void {
  const ex = this[kExchange];
  ex?.trace?.endMonolith(this.complete ? undefined : 'response-incomplete');
  if (!this.complete) ex?.res.destroy();
}

function addHeaders(headers: IncomingHttpHeaders, list: string[]): void {
  for (let i = 0; i < list.length; i += 2) {
    if (list[i] === 'connection') continue;
    headers[list[i]!] = list[i + 1]!;
  }
}
