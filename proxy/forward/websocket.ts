import type { ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { parse as parseLegacyUrl } from 'node:url';
import httpProxy from 'http-proxy';
import type { StranglerError } from '../errors/index.js';
import type { ProxyMetrics } from '../metrics/index.js';
import { writeRawError } from '../http/raw-error.js';
import { createMonolithAgent, type MonolithAgent } from './agent.js';
import { MonolithTimeoutError, toMonolithError } from './errors.js';
import { clientAddress, forwardRequestHeaders, upstreamPath } from '../http/headers.js';
import type { Plan } from '../plan/schema.js';

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
type Carrier = IncomingMessage & { [kUpgrade]?: UpgradeHooks; [kHandshakeDone]?: boolean };

/**
 * Forwards upgrade requests (WebSocket handshakes) to the monolith with http-proxy's `ws` pass: after a 101 the
 * client's and the monolith's sockets are piped to each other. The handshake gets the same header rules as any
 * request (./headers.ts) plus `Connection: upgrade`, and `monolith.timeoutMs` for the connect and the answer.
 */
export class MonolithUpgrader {
  private readonly proxy: httpProxy;
  private readonly agent: MonolithAgent;

  constructor(
    private readonly config: Plan['monolith'],
    /** Where upgrade failures are counted (`strangler_upstream_errors_total`). */
    private readonly metrics: ProxyMetrics,
    /** The monolith URL's path, and the Host to send when `monolith.preserveHost` is false (MonolithTarget's). */
    private readonly target: { basePath: string; hostOverride: string | undefined },
  ) {
    const url = parseLegacyUrl(config.url);
    const https = url.protocol === 'https:';
    const port = url.port ? Number(url.port) : https ? 443 : 80;
    const host = (url.hostname ?? 'localhost').replace(/^\[|\]$/g, '');
    // `timeout` bounds the TCP (and TLS) connect: node applies a request's own `setTimeout` only once connected.
    this.agent = createMonolithAgent(https, { host, port, timeout: config.timeoutMs });
    this.proxy = httpProxy.createProxyServer({ target: url, agent: this.agent, xfwd: false, ws: true });
    // Keep only http-proxy's `stream` pass: X-Forwarded-* and the upgrade check are done here (./headers.ts).
    const passes = this.proxy as unknown as { wsPasses: Array<{ name: string }> };
    passes.wsPasses = passes.wsPasses.filter((p) => p.name === 'stream');
    this.proxy.on('proxyReqWs', this.onProxyReqWs);
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, hooks: UpgradeHooks): void {
    (req as Carrier)[kUpgrade] = hooks;
    req.headers = forwardRequestHeaders(req.headers, {
      remoteAddress: clientAddress(req.socket.remoteAddress),
      proto: (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http',
      requestId: hooks.requestId,
      hostOverride: this.target.hostOverride,
      upgrade: true,
    }) as IncomingHttpHeaders;
    this.agent.nextPath = upstreamPath(this.target.basePath, req.url ?? '/');
    (this.proxy.ws as (...args: unknown[]) => void)(req, socket, head, this.onWsError);
    this.agent.nextPath = undefined;
  }

  close(): void {
    this.agent.destroy();
  }

  private readonly onProxyReqWs = (proxyReq: ClientRequest, req: Carrier): void => {
    const hooks = req[kUpgrade];
    if (hooks === undefined) return;
    const timeoutMs = this.config.timeoutMs;
    proxyReq.setTimeout(timeoutMs, () => proxyReq.destroy(new MonolithTimeoutError(timeoutMs)));
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

  private readonly onWsError = (err: Error, req: Carrier, socket: Duplex): void => {
    // After the handshake this is the end of an upgraded connection (http-proxy ends the client side next).
    if (req[kHandshakeDone]) return;
    req[kHandshakeDone] = true;
    const hooks = req[kUpgrade];
    const error = toMonolithError(err, this.config.url, this.config.timeoutMs);
    this.metrics.upstreamError('monolith', error.code);
    hooks?.done(error.statusCode ?? 502, error);
    // Answer the handshake (http-proxy ends the socket right after this callback).
    if (socket.writable) writeRawError(socket, error, hooks?.responseHeaders() ?? []);
  };
}

function addHeaders(headers: IncomingHttpHeaders, list: string[]): void {
  for (let i = 0; i < list.length; i += 2) {
    if (list[i] === 'connection') continue;
    headers[list[i]!] = list[i + 1]!;
  }
}
