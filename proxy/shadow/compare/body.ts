import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export type BodyKind = 'empty' | 'json' | 'text' | 'binary';

/** `application/json`, `application/problem+json` (RFC 7807), `text/json`. */
const JSON_TYPE = /^(?:application\/(?:[\w.+-]+\+)?json|text\/json)$/;
/** Media types compared as text (by equality): text/*, XML (RFC 7303), JavaScript, form data. */
const TEXT_TYPE = /^(?:text\/[\w.+-]+|application\/(?:[\w.+-]+\+)?xml|application\/(?:javascript|ecmascript|x-www-form-urlencoded|graphql))$/;

/** `Application/JSON; Charset="UTF-8"` → `application/json; charset=utf-8` (RFC 9110 §8.3.1: type and charset are case-insensitive). */
export function normaliseContentType(value: string): string {
  const [type, ...params] = value
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const norm = params.map((p) => {
    const eq = p.indexOf('=');
    if (eq < 0) return p.toLowerCase();
    const name = p.slice(0, eq).trim().toLowerCase();
    let v = p
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name === 'charset') v = v.toLowerCase();
    return `${name}=${v}`;
  });
  return [(type ?? '').toLowerCase(), ...norm].join('; ');
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** How two bodies are compared: JSON when either side says JSON, text for textual types, else by hash. */
export function bodyKind(a: Buffer, b: Buffer, typeA: string | undefined, typeB: string | undefined): BodyKind {
  if (a.length === 0 && b.length === 0) return 'empty';
  const types = [mediaType(typeA), mediaType(typeB)];
  if (types.some((t) => JSON_TYPE.test(t))) return 'json';
  if (types.some((t) => TEXT_TYPE.test(t))) return 'text';
  return 'binary';
}

/**
 * The body as the application wrote it: a gzip/deflate/br Content-Encoding (RFC 9110 §8.4) is undone, so two sides
 * that compress differently still compare equal. Decoding is bounded by `maxBytes` (a decompression bomb cannot
 * grow past it); a body that cannot be decoded is compared as it is.
 */
export function decodeBody(body: Buffer, contentEncoding: string | undefined, maxBytes: number): Buffer {
  const enc = (contentEncoding ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'identity' || body.length === 0) return body;
  try {
    if (enc === 'gzip' || enc === 'x-gzip') return gunzipSync(body, { maxOutputLength: maxBytes });
    if (enc === 'deflate') return inflateSync(body, { maxOutputLength: maxBytes });
    if (enc === 'br') return brotliDecompressSync(body, { maxOutputLength: maxBytes });
  } catch {
    return body;
  }
  return body;
}

export function sha256(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/** JSON text → value, or `undefined` when it is not JSON (a UTF-8 BOM is tolerated, RFC 8259 §8.1). */
export function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8').replace(/^\uFEFF/, '')) };
  } catch {
    return { ok: false };
  }
}

const EXCERPT = 120;

/**
 * Excerpts of two different texts around their first difference, so a report shows where they part
 * (`…"total": 12…` vs `…"total": 13…`) rather than two whole bodies.
 */
export function textExcerpts(a: string, b: string): { a: string; b: string; offset: number } {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const start = Math.max(0, i - EXCERPT / 2);
  const cut = (s: string): string => `${start > 0 ? '…' : ''}${s.slice(start, start + EXCERPT)}${s.length > start + EXCERPT ? '…' : ''}`;
  return { a: cut(a), b: cut(b), offset: i };
}
