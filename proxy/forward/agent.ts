import { Agent as HttpAgent, type AgentOptions, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * The monolith's keep-alive connection pool: node's Agent, with three changes made through its subclassing
 * hooks (https://nodejs.org/api/http.html#class-httpagent).
 *
 * - The next request's path and a callback are handed over synchronously: http-proxy creates the monolith request
 *   inside `proxy.web()`, and node calls `addRequest` from that request's constructor, before its head is written.
 *   The path is set here because http-proxy joins paths with a regular expression that collapses `//` (a proxy
 *   must not rewrite the request target); the callback gets the request itself, so the proxy sets its timeout
 *   without waiting for http-proxy's `proxyReq` event.
 * - `addRequest` gets a small constant set of connection options (host, port, TLS name) instead of the request's
 *   whole option bag, which node copies on every request.
 * - TCP keep-alive is switched on once per connection, not each time the connection returns to the pool (node's
 *   default `keepSocketAlive` makes a setsockopt call per request).
 * - Idle pooled connections stay referenced (no unref per request; node's `reuseSocket` still does its
 *   bookkeeping): the pool belongs to a server, which closes it.
 * The monolith's `Keep-Alive: timeout=N` hint is honoured as node does: an idle connection is dropped a second
 * before the monolith would drop it.
 */
export interface MonolithAgent extends HttpAgent {
  /** The next request's path, consumed by the next `addRequest`; set right before `proxy.web()` / `proxy.ws()`. */
  nextPath: string | undefined;
  /** Passed to `onRequest` with the next request. */
  nextOwner: unknown;
  /** Receives each request created while `nextPath` is set (assigned once, so no closure per request). */
  onRequest: (owner: unknown, request: ClientRequest) => void;
}

/** Where the pool connects: everything node's Agent reads from a request's options to pick or open a connection. */
export interface ConnectOptions {
  host: string;
  port: number;
  /** Socket timeout from creation, so it covers connecting (see MonolithTarget); ms. */
  timeout?: number;
  /** TLS: server name (SNI) and certificate check. */
  servername?: string;
  rejectUnauthorized?: boolean;
}

const keepAliveSet = new WeakSet<Duplex>();

function addRequest(agent: MonolithAgent, request: ClientRequest): void {
  const path = agent.nextPath;
  if (path === undefined) return;
  const owner = agent.nextOwner;
  agent.nextPath = undefined;
  agent.nextOwner = undefined;
  request.path = path;
  agent.onRequest(owner, request);
}

function keepSocketAlive(agent: HttpAgent, socket: Duplex): boolean {
  const tcp = socket as Socket;
  if (!keepAliveSet.has(socket)) {
    keepAliveSet.add(socket);
    tcp.setKeepAlive(true, (agent as unknown as { keepAliveMsecs: number }).keepAliveMsecs);
  }
  let timeout = (agent as unknown as { options: AgentOptions }).options.timeout ?? 0;
  // The response that just ended (node's own keepSocketAlive reads it the same way).
  const raw = (socket as { _httpMessage?: { res?: IncomingMessage } })._httpMessage?.res?.rawHeaders;
  if (raw !== undefined) {
    for (let i = 0; i < raw.length; i += 2) {
      if (raw[i]!.length !== 10 || raw[i]!.toLowerCase() !== 'keep-alive') continue;
      const hint = /^timeout=(\d+)/.exec(raw[i + 1]!)?.[1];
      if (hint !== undefined) {
        const ms = Number(hint) * 1000 - 1000;
        if (ms <= 0) return false;
        if (timeout === 0 || ms < timeout) timeout = ms;
      }
    }
  }
  if (tcp.timeout !== timeout) tcp.setTimeout(timeout);
  return true;
}

type AgentClass = new (options: AgentOptions) => HttpAgent;

/** The pool class over node's http or https Agent: the same hooks on either base (https only adds TLS). */
function monolithAgentClass(Base: AgentClass): new (options: AgentOptions, connect: ConnectOptions) => MonolithAgent {
  // Read once: the base's addRequest, called with the constant connection options instead of the request's.
  const baseAddRequest = (Base.prototype as unknown as { addRequest(r: ClientRequest, o: unknown): void }).addRequest;
  return class extends Base implements MonolithAgent {
    nextPath: string | undefined = undefined;
    nextOwner: unknown = undefined;
    onRequest: (owner: unknown, request: ClientRequest) => void = () => {};
    constructor(
      options: AgentOptions,
      private readonly connect: ConnectOptions,
    ) {
      super(options);
    }
    addRequest(request: ClientRequest): void {
      addRequest(this, request);
      baseAddRequest.call(this, request, this.connect);
    }
    override keepSocketAlive(socket: Duplex): void {
      return keepSocketAlive(this, socket) as unknown as void;
    }
  };
}

const HttpMonolithAgent = monolithAgentClass(HttpAgent);
const HttpsMonolithAgent = monolithAgentClass(HttpsAgent as unknown as AgentClass);

export function createMonolithAgent(https: boolean, options: AgentOptions, connect: ConnectOptions): MonolithAgent {
  return https ? new HttpsMonolithAgent(options, { servername: connect.host, rejectUnauthorized: true, ...connect }) : new HttpMonolithAgent(options, connect);
}

/**
 * The request target sent to the monolith: the monolith URL's base path joined to the client's target, which is
 * otherwise kept byte for byte (an absolute-form target is reduced to its path and query).
 * @example
 *   upstreamPath('/', '/a//b?x=1')    // '/a//b?x=1'
 *   upstreamPath('/app', '/a?x=1')    // '/app/a?x=1'
 */
export function upstreamPath(base: string, target: string): string {
  let path = target;
  if (path.charCodeAt(0) !== 47 /* / */) {
    // absolute-form (RFC 9112 §3.2.2): scheme://authority/path?query
    const authority = path.indexOf('//');
    const slash = authority === -1 ? -1 : path.indexOf('/', authority + 2);
    const query = path.indexOf('?');
    path = slash === -1 ? (query === -1 ? '/' : `/${path.slice(query)}`) : path.slice(slash);
  }
  if (base === '/' || base === '') return path;
  return base.endsWith('/') ? base + path.slice(1) : base + path;
}
