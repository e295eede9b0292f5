import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/**
 * Header and request-target rules of a forwarding intermediary, as pure functions.
 *
 * Hop-by-hop fields (RFC 9110 §7.6.1, https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1) describe one
 * connection, not the message: a proxy removes Connection and every field Connection names, and the fields that
 * are hop-by-hop by definition (Proxy-Connection, Keep-Alive, TE, Transfer-Encoding, Upgrade). Node's HTTP client
 * and server then frame each hop themselves (Content-Length or chunked, keep-alive).
 */
export const HOP_BY_HOP: ReadonlySet<string> = new Set(['connection', 'proxy-connection', 'keep-alive', 'te', 'transfer-encoding', 'upgrade']);

/**
 * Response headers the proxy sets itself besides `x-strangler-*` (see `isStranglerHeader`): an upstream's copies are
 * dropped rather than duplicated.
 */
export const PROXY_RESPONSE_HEADERS: ReadonlySet<string> = new Set(['x-request-id']);

/** The proxy's own header namespace: only the proxy sets these, towards either side and towards the client. */
export const STRANGLER_HEADER_PREFIX = 'x-strangler-';

/**
 * The `x-strangler-*` headers strangler itself uses: `x-strangler-shadow` (the dry-run marker on shadow calls),
 * `x-strangler-route`, `x-strangler-served-by` and `x-strangler-fallback` (responses), and the adapters' private
 * `x-strangler-lambda-invocation`. Metrics label a stripped header by its name when it is one of these, else `other`.
 */
export const STRANGLER_HEADERS: ReadonlySet<string> = new Set([
  'x-strangler-shadow',
  'x-strangler-route',
  'x-strangler-served-by',
  'x-strangler-fallback',
  'x-strangler-lambda-invocation',
]);

/**
 * True for an `x-strangler-*` field name, in any case. Only the proxy may set these: a client's are stripped before
 * either side sees them (a forged `x-strangler-shadow: 1` would make a dry-run function skip a real write), and an
 * upstream's are dropped from its response (a function must not claim `x-strangler-fallback`). Compares char codes:
 * it runs on every header of every request, and lower-casing would allocate.
 * @example
 *   isStranglerHeader('X-Strangler-Shadow') // true
 */
export function isStranglerHeader(name: string): boolean {
  return name.length > STRANGLER_HEADER_PREFIX.length && startsWithLower(name, STRANGLER_HEADER_PREFIX);
}

/**
 * True when field name `name` starts with `lower` (lower-case letters and `-`), in any case, without allocating.
 * `| 0x20` lower-cases ASCII letters and leaves `-` (0x2d) as it is; field names are tokens (RFC 9110 §5.1), so
 * nothing else can fold onto them.
 * @example
 *   startsWithLower('X-Request-Id', 'x-request-id') // true
 */
export function startsWithLower(name: string, lower: string): boolean {
  const n = lower.length;
  if (name.length < n) return false;
  for (let i = 0; i < n; i++) if ((name.charCodeAt(i) | 0x20) !== lower.charCodeAt(i)) return false;
  return true;
}

export interface ForwardInfo {
  /** The client address as the proxy sees it. */
  remoteAddress: string | undefined;
  /** `http` or `https`: the client's scheme on this hop. */
  proto: string;
  requestId: string;
  /** The Host header to send instead of the client's (monolith.preserveHost false), or undefined to keep it. */
  hostOverride: string | undefined;
  /** Keep `Connection: upgrade` and `Upgrade` (a WebSocket handshake, which is hop-by-hop by design). */
  upgrade?: boolean;
}

/** The names listed in a Connection header, lower case (RFC 9110 §7.6.1: comma-separated field names). */
export function connectionTokens(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const text = Array.isArray(value) ? value.join(',') : value;
  const out: string[] = [];
  for (const part of text.split(',')) {
    const token = part.trim().toLowerCase();
    if (token !== '') out.push(token);
  }
  return out;
}

/** `::ffff:10.0.0.1` → `10.0.0.1`: the IPv4 form other proxies write in X-Forwarded-For. */
export function clientAddress(address: string | undefined): string | undefined {
  return address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function append(existing: string | string[] | undefined, value: string): string {
  if (existing === undefined || existing === '') return value;
  return `${Array.isArray(existing) ? existing.join(', ') : existing}, ${value}`;
}

/**
 * The headers the monolith gets: the client's, minus hop-by-hop fields and `Expect` (node's server has already
 * answered `100 Continue` to the client), plus X-Forwarded-For/-Proto/-Host appended to any the client sent
 * (the de-facto convention, https://developer.mozilla.org/docs/Web/HTTP/Headers/X-Forwarded-For), and the
 * request id. The HTTP client frames the body on its own hop: Content-Length when the client sent one, chunked
 * otherwise.
 * @example
 *   forwardRequestHeaders({ host: 'shop', connection: 'keep-alive, x-a', 'x-a': '1' }, info)
 *   // → { host: 'shop', 'x-forwarded-for': '10.0.0.1', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'shop', 'x-request-id': '…' }
 */
export function forwardRequestHeaders(headers: IncomingHttpHeaders, info: ForwardInfo): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  const connection = headers.connection;
  // The common case ("keep-alive", "close" or none) names no other field: skip building a set.
  const named = connection === undefined || connection === 'keep-alive' || connection === 'close' ? null : new Set(connectionTokens(connection));
  for (const name in headers) {
    if (HOP_BY_HOP.has(name) || name === 'expect') continue;
    if (named?.has(name)) continue;
    out[name] = headers[name];
  }
  if (info.upgrade) {
    out.connection = 'upgrade';
    if (headers.upgrade !== undefined) out.upgrade = headers.upgrade;
  }
  const host = headers.host;
  if (info.remoteAddress !== undefined) out['x-forwarded-for'] = append(headers['x-forwarded-for'], info.remoteAddress);
  out['x-forwarded-proto'] = append(headers['x-forwarded-proto'], info.proto);
  if (host !== undefined) out['x-forwarded-host'] = append(headers['x-forwarded-host'], host);
  if (info.hostOverride !== undefined) out.host = info.hostOverride;
  out['x-request-id'] = info.requestId;
  return out;
}

/**
 * The response headers the client gets, as a flat `[name, value, name, value…]` list (node's `writeHead` fast
 * path, keeping the upstream's casing and repeated fields such as Set-Cookie): the monolith's or the function's,
 * minus hop-by-hop fields, `Trailer` (trailers are not forwarded) and the proxy's own headers (`x-request-id`, every
 * `x-strangler-*`), followed by `extra`.
 */
export function forwardResponseHeaders(raw: readonly string[], extra: readonly string[]): string[] {
  let named: Set<string> | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length === 10 && raw[i]!.toLowerCase() === 'connection') {
      const tokens = connectionTokens(raw[i + 1]).filter((t) => t !== 'keep-alive' && t !== 'close');
      if (tokens.length > 0) {
        named ??= new Set();
        for (const t of tokens) named.add(t);
      }
    }
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || lower === 'trailer' || PROXY_RESPONSE_HEADERS.has(lower) || isStranglerHeader(lower)) continue;
    if (named?.has(lower)) continue;
    out.push(name, raw[i + 1]!);
  }
  for (let i = 0; i < extra.length; i++) out.push(extra[i]!);
  return out;
}

/**
 * The request target sent to the monolith: the monolith URL's base path joined to the client's target, which the
 * proxy has already normalised to origin form (proxy/routing/path.ts) and is otherwise kept byte for byte.
 * @example
 *   upstreamPath('/', '/a/b?x=1')     // '/a/b?x=1'
 *   upstreamPath('/app', '/a?x=1')    // '/app/a?x=1'
 */
export function upstreamPath(base: string, target: string): string {
  if (base === '/' || base === '') return target;
  return base.endsWith('/') ? base + target.slice(1) : base + target;
}

/** No Content-Length (or 0) and no Transfer-Encoding: the request has no body (RFC 9112 §6.3). */
export function hasNoBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
}
