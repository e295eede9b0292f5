/**
 * Request-target helpers. Sources disagree on encoding: REST APIs, Function URLs and ALB send the path still
 * percent-encoded, HTTP APIs send `rawPath` decoded (https://github.com/honojs/hono/issues/2156,
 * https://github.com/middleapi/standard-server/pull/93); API Gateway decodes query values, ALB does not
 * (https://github.com/aws/aws-lambda-dotnet/pull/451). The decoders escape only what can never appear literally,
 * so encoded input passes unchanged and decoded input becomes a valid target (a decoded `?` or `#` cannot split it).
 */

// RFC 3986 pchar plus "/" (path) — everything else, and a "%" not starting an escape, gets escaped. The tests run
// without the `u` flag (faster; any non-ASCII code unit matches anyway), the replacements with it (whole code points).
const PATH_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]|%(?![0-9A-Fa-f]{2})/;
const PATH_UNSAFE_ALL = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]|%(?![0-9A-Fa-f]{2})/gu;
// Query: pchar plus "/" and "?" (RFC 3986 §3.4).
const QUERY_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]|%(?![0-9A-Fa-f]{2})/;
const QUERY_UNSAFE_ALL = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]|%(?![0-9A-Fa-f]{2})/gu;

function escapeChar(ch: string): string {
  try {
    return encodeURIComponent(ch);
  } catch {
    return '%EF%BF%BD'; // a lone surrogate cannot be UTF-8 encoded: U+FFFD, as WHATWG URL does
  }
}

/** A path as a valid, percent-encoded request path (always starting with `/`). */
export function escapePath(path: string): string {
  if (path === '') return '/';
  const safe = PATH_UNSAFE.test(path) ? path.replace(PATH_UNSAFE_ALL, escapeChar) : path;
  return safe.charCodeAt(0) === 47 ? safe : `/${safe}`;
}

/** A query string (without `?`) with characters that cannot appear literally escaped. */
export function escapeQuery(query: string): string {
  return QUERY_UNSAFE.test(query) ? query.replace(QUERY_UNSAFE_ALL, escapeChar) : query;
}

/**
 * Decodes one query component the way apps parse queries (WHATWG `application/x-www-form-urlencoded`: `+` is a
 * space); a malformed escape is kept as written rather than failing the request.
 */
export function decodeQueryComponent(value: string): string {
  const spaced = value.includes('+') ? value.replace(/\+/g, ' ') : value;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Splits a raw query into decoded `[key, value]` pairs, in order; empty keys are skipped. */
export function parseQuery(rawQuery: string): [string, string][] {
  const out: [string, string][] = [];
  if (rawQuery === '') return out;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeQueryComponent(eq === -1 ? part : part.slice(0, eq));
    if (key === '') continue;
    out.push([key, eq === -1 ? '' : decodeQueryComponent(part.slice(eq + 1))]);
  }
  return out;
}

/** Builds a raw query from decoded values (API Gateway 1.0 maps), encoding each key and value. */
export function encodeQuery(params: Iterable<[string, string]>): string {
  let out = '';
  for (const [key, value] of params) out += `${out === '' ? '' : '&'}${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
  return out;
}

/** Removes a leading path prefix (`/prod`) when the path is it or continues with `/`; else returns the path. */
export function stripPrefix(path: string, prefix: string | undefined): string {
  if (!prefix || prefix === '/') return path;
  if (!path.startsWith(prefix)) return path;
  if (path.length === prefix.length) return '/';
  return path.charCodeAt(prefix.length) === 47 ? path.slice(prefix.length) : path;
}

/** Joins a path and a raw query into a request target. */
export function requestTarget(path: string, query: string): string {
  return query === '' ? path : `${path}?${query}`;
}
