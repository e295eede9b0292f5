import type { HeaderPairs, RawHeaders } from './http.js';

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1, https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1): they describe one
 * connection, so they never go into an event or a result. `transfer-encoding` in particular must not reach a
 * result: the body there is complete, and a chunked marker makes API Gateway answer 502
 * (docs/lambda-http.md, "Binary bodies and the adapters' pitfalls").
 */
export const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Turns Node's flat `rawHeaders` (`[name, value, name, value]`) or pairs into pairs. */
export function toHeaderPairs(headers: HeaderPairs | readonly string[]): HeaderPairs {
  if (headers.length === 0 || Array.isArray(headers[0])) return headers as HeaderPairs;
  const flat = headers as readonly string[];
  const pairs: HeaderPairs = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  return pairs;
}

/**
 * The header lines that travel in an event: hop-by-hop lines (and those the Connection header names) removed, and
 * `content-length` set to the body's byte length when there is a body (it was buffered, so any chunked framing is
 * gone and the length is known).
 */
export function forwardedHeaders(headers: HeaderPairs | readonly string[], bodyLength: number): HeaderPairs {
  const pairs = toHeaderPairs(headers);
  let dropped: Set<string> | undefined;
  for (const [name, value] of pairs) {
    if (name.toLowerCase() === 'connection') {
      dropped ??= new Set(HOP_BY_HOP);
      for (const token of value.split(',')) dropped.add(token.trim().toLowerCase());
    }
  }
  const skip = dropped ?? HOP_BY_HOP;
  const out: HeaderPairs = [];
  let hasLength = false;
  for (const pair of pairs) {
    const lower = pair[0].toLowerCase();
    if (skip.has(lower)) continue;
    if (lower === 'content-length') {
      if (hasLength) continue;
      hasLength = true;
      out.push([pair[0], String(bodyLength)]);
      continue;
    }
    out.push(pair);
  }
  if (!hasLength && bodyLength > 0) out.push(['content-length', String(bodyLength)]);
  return out;
}

/** The first value of a header in pairs (case-insensitive), or undefined. */
export function headerValue(pairs: HeaderPairs, name: string): string | undefined {
  for (const [key, value] of pairs) if (key.length === name.length && key.toLowerCase() === name) return value;
  return undefined;
}

/** The first value of a header in a flat list (case-insensitive name), or undefined. */
export function rawHeaderValue(raw: RawHeaders, name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length === name.length && key.toLowerCase() === name) return raw[i + 1];
  }
  return undefined;
}

/**
 * Header lines from an event's maps, flat. `multi` (multi-value maps) is the superset and wins; a name only in
 * `single` is kept too (hand-written test events often fill just one map). Non-string values are stringified,
 * null skipped.
 */
export function rawFromMaps(single: unknown, multi: unknown): RawHeaders {
  const out: RawHeaders = [];
  let seen: Set<string> | undefined;
  if (isObject(multi)) {
    seen = new Set();
    for (const name in multi) {
      const values = multi[name];
      if (!Array.isArray(values)) continue;
      seen.add(name.toLowerCase());
      for (const value of values) if (value !== null && value !== undefined) out.push(name, String(value));
    }
  }
  if (isObject(single)) {
    for (const name in single) {
      const value = single[name];
      if (value === null || value === undefined) continue;
      if (seen?.has(name.toLowerCase())) continue;
      out.push(name, typeof value === 'string' ? value : String(value));
    }
  }
  return out;
}

/**
 * Sets the request's framing headers for the body the app will read: the body arrives whole, so
 * `transfer-encoding` goes and `content-length` is the byte length (API Gateway does not always send one, and
 * body parsers need it to see a body at all; @fastify/aws-lambda notes the same in its index.js).
 */
export function frameRequestHeaders(raw: RawHeaders, bodyLength: number): RawHeaders {
  let needsFix = bodyLength > 0;
  for (let i = 0; i < raw.length && !needsFix; i += 2) {
    const name = raw[i]!;
    if ((name.length === 17 || name.length === 14) && /^(?:transfer-encoding|content-length)$/i.test(name)) needsFix = true;
  }
  if (!needsFix) return raw;
  const out: RawHeaders = [];
  let hasLength = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (lower === 'transfer-encoding') continue;
    if (lower === 'content-length') {
      if (!hasLength) out.push(name, String(bodyLength));
      hasLength = true;
      continue;
    }
    out.push(name, raw[i + 1]!);
  }
  if (!hasLength && bodyLength > 0) out.push('content-length', String(bodyLength));
  return out;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
