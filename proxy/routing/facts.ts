import type { IncomingMessage } from 'node:http';
import { clientAddress } from '../http/headers.js';
import type { Route } from '../plan/schema.js';

/**
 * What the proxy knows of one matched request, fixed once the route matched: every Lambda event for the request
 * (the live invocation, a shadow copy, a dual write's second write) is built from these same facts
 * (proxy/targets/event.ts), so the three never drift apart. A shadow job carries them rather than matching again.
 */
export interface RequestFacts {
  /** The request id (`requestContext.requestId`). */
  readonly requestId: string;
  /** The matched plan route (its path gives the route key, its `payloadFormat` the event version). */
  readonly route: Route;
  /** Path parameters of the match (find-my-way's, already percent-decoded). */
  readonly params: Readonly<Record<string, string | undefined>> | null;
  readonly method: string;
  /** Path and query, normalised by the front door (`/a%20b?x=1`). */
  readonly url: string;
  /** The client's address, IPv4-mapped IPv6 (`::ffff:203.0.113.9`) written as plain IPv4, as API Gateway shows it. */
  readonly sourceIp: string;
  /** `HTTP/1.1`, `HTTP/2.0`: what the client spoke (`requestContext.protocol`). */
  readonly protocol: string;
}

/** The facts of a request that matched `route` with `params`. */
export function requestFactsOf(
  req: IncomingMessage,
  requestId: string,
  route: Route,
  params: Readonly<Record<string, string | undefined>> | null,
): RequestFacts {
  return {
    requestId,
    route,
    params,
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    sourceIp: clientAddress(req.socket.remoteAddress) ?? '',
    protocol: `HTTP/${req.httpVersion}`,
  };
}
