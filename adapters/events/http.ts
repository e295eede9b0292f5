/**
 * The two ends of the event contract, as plain data (no Node `http` objects): what the proxy knows about a request
 * before it becomes an event, what an adapter hands to the app after decoding one, and the same for responses.
 * A request survives `toApiGateway*Event` → `decode*Event` with the same method, path, query, headers and body
 * (test/adapters/events/round-trip.test.ts).
 */

/** Header lines in order, names as received. Repeated names are repeated entries. */
export type HeaderPairs = [name: string, value: string][];

/** What the proxy knows about a request it routes to Lambda (the encoder's input). */
export interface LambdaHttpRequest {
  /** Upper-case method, as received. */
  method: string;
  /** The path as received, still percent-encoded, without the query. */
  rawPath: string;
  /** The query without `?` (`''` when none), still percent-encoded. */
  rawQuery: string;
  /** Header lines: `[name, value]` pairs, or Node's flat `rawHeaders` list. */
  headers: HeaderPairs | readonly string[];
  /** The buffered body; `undefined` or empty when there is none. */
  body: Buffer | undefined;
  /** The client address. */
  sourceIp: string;
  /** Default `HTTP/1.1`. */
  protocol?: string;
  /** The request id; becomes `requestContext.requestId`. */
  requestId: string;
  /** The matched route as API Gateway names it (`GET /products/{id}`), default `$default`. */
  routeKey?: string;
  /** Parameters from the route match, already percent-decoded (as API Gateway sends them). */
  pathParameters?: Record<string, string>;
  /** API Gateway stage; default `$default` (served at the root, so it never prefixes the path). */
  stage?: string;
  /** Request time in ms since the epoch; default `Date.now()`. */
  timeEpoch?: number;
  /** `requestContext.domainName`; default the Host header without its port, else `localhost`. */
  domainName?: string;
  /** `requestContext.apiId`; default `strangler`. */
  apiId?: string;
  /** `requestContext.accountId`; default `000000000000`. */
  accountId?: string;
}

/** A result decoded by the proxy (the decoder's output): what the client gets. */
export interface LambdaHttpResponse {
  statusCode: number;
  /** Lower-case names; one entry per `set-cookie`. */
  headers: HeaderPairs;
  body: Buffer;
}

/** Header lines as Node's `rawHeaders`: `[name, value, name, value, ...]` (no per-line allocation). */
export type RawHeaders = string[];

/** A request decoded from an event, ready to hand to an app (an adapter's input). */
export interface DecodedRequest {
  method: string;
  /** Path and query as a request target (`/a%20b?x=1`), percent-encoded. */
  url: string;
  /** Header lines, flat, in order; becomes the app's `req.rawHeaders`. */
  headers: RawHeaders;
  body: Buffer | undefined;
  /** The client address (`requestContext.http.sourceIp`, `identity.sourceIp`, or ALB's last X-Forwarded-For hop). */
  remoteAddress: string | undefined;
  /** True unless the request reached the source over plain HTTP (ALB HTTP listeners). */
  encrypted: boolean;
}

/** What an app answered (an adapter's output, before it becomes a result). */
export interface AppResponse {
  statusCode: number;
  /** The reason phrase, used for ALB's `statusDescription`. */
  statusMessage?: string;
  /** Node's `OutgoingHttpHeaders` shape: lower-case names, arrays for repeated headers. */
  headers: Record<string, string | number | readonly string[] | undefined>;
  body: Buffer;
}
