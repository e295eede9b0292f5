import { Agent as HttpAgent, type AgentOptions, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * The connections WebSocket handshakes open to the monolith (plain HTTP goes through undici's pool, see
 * ./monolith.ts): node's Agent, which http-proxy's `ws` pass requires, with two changes made through its
 * subclassing hooks (https://nodejs.org/api/http.html#class-httpagent).
 *
 * - The handshake's path is handed over synchronously: http-proxy creates the monolith request inside
 *   `proxy.ws()`, and node calls `addRequest` from that request's constructor, before its head is written. The
 *   path is set here because http-proxy joins paths with a regular expression that collapses `//` (a proxy must
 *   not rewrite the request target).
 * - `addRequest` gets a small constant set of connection options (host, port, TLS name, connect timeout) instead
 *   of the request's whole option bag.
 * No keep-alive: an upgraded connection belongs to its WebSocket for life, and a refused handshake is answered
 * with `Connection: close`.
 */
export interface MonolithAgent extends HttpAgent {
  /** The next request's path, consumed by the next `addRequest`; set right before `proxy.ws()`. */
  nextPath: string | undefined;
}

/** Where the agent connects: everything node's Agent reads from a request's options to open a connection. */
export interface ConnectOptions {
  host: string;
  port: number;
  /** Socket timeout from creation, so it covers connecting (see MonolithTarget); ms. */
  timeout?: number;
  /** TLS: server name (SNI) and certificate check. */
  servername?: string;
  rejectUnauthorized?: boolean;
}

type AgentClass = new (options: AgentOptions) => HttpAgent;

/** The agent class over node's http or https Agent: the same hooks on either base (https only adds TLS). */
function monolithAgentClass(Base: AgentClass): new (options: AgentOptions, connect: ConnectOptions) => MonolithAgent {
  // Read once: the base's addRequest, called with the constant connection options instead of the request's.
  const baseAddRequest = (Base.prototype as unknown as { addRequest(r: ClientRequest, o: unknown): void }).addRequest;
  return class extends Base implements MonolithAgent {
    nextPath: string | undefined = undefined;
    constructor(
      options: AgentOptions,
      private readonly connect: ConnectOptions,
    ) {
      super(options);
    }
    addRequest(request: ClientRequest): void {
      if (this.nextPath !== undefined) {
        request.path = this.nextPath;
        this.nextPath = undefined;
      }
      baseAddRequest.call(this, request, this.connect);
    }
  };
}

const HttpMonolithAgent = monolithAgentClass(HttpAgent);
const HttpsMonolithAgent = monolithAgentClass(HttpsAgent as unknown as AgentClass);

export function createMonolithAgent(https: boolean, connect: ConnectOptions): MonolithAgent {
  const options: AgentOptions = { keepAlive: false };
  return https ? new HttpsMonolithAgent(options, { servername: connect.host, rejectUnauthorized: true, ...connect }) : new HttpMonolithAgent(options, connect);
}
