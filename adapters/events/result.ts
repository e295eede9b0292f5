import { STATUS_CODES } from 'node:http';
import { encodeBody, type BinaryTypeMatcher } from './binary.js';
import { LambdaBadResponseError } from './errors.js';
import { HOP_BY_HOP } from './headers.js';
import type { AppResponse, HeaderPairs, LambdaHttpResponse } from './http.js';

/**
 * Response rules both sides apply, so an app's answer reaches the client the same through any source:
 * no body for HEAD, 204, 304 and 1xx (RFC 9110 §6.4.1, https://www.rfc-editor.org/rfc/rfc9110#section-6.4.1);
 * `content-length` counts bytes, not UTF-16 code units (docs/lambda-http.md, "Binary bodies and the adapters' pitfalls");
 * no hop-by-hop headers.
 */

/** True when a response to `method` with `status` carries no body. */
export function isBodyless(status: number, method: string | undefined): boolean {
  return method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
}

/** An app response turned into the pieces every result format is built from. */
export interface PreparedResponse {
  statusCode: number;
  statusMessage: string;
  /** Lower-case header names, no set-cookie, no hop-by-hop headers; `values[i]` belongs to `names[i]`. */
  names: string[];
  /** One string, or the list a repeated header was set with. */
  values: (string | string[])[];
  /** Each Set-Cookie value, in order. */
  cookies: string[];
  body: string;
  isBase64Encoded: boolean;
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : String(value));

/** Prepares an app's response for a result (adapter side). */
export function prepareResponse(res: AppResponse, method: string, isBinaryType?: BinaryTypeMatcher): PreparedResponse {
  const bodyless = isBodyless(res.statusCode, method);
  const body = bodyless ? Buffer.alloc(0) : res.body;
  const names: string[] = [];
  const values: (string | string[])[] = [];
  let cookies: string[] = [];
  let contentType: string | undefined;
  let contentEncoding: string | undefined;
  for (const rawName in res.headers) {
    const value = res.headers[rawName];
    if (value === undefined) continue;
    const name = rawName.toLowerCase();
    let out: string | string[] = Array.isArray(value) ? value.map(asString) : asString(value);
    if (name === 'set-cookie') {
      cookies = cookies.concat(out);
      continue;
    }
    if (HOP_BY_HOP.has(name)) continue;
    if (name === 'content-length') {
      if (res.statusCode === 204 || res.statusCode < 200) continue;
      // The app may have counted characters, or set it before a compression middleware changed the body.
      if (!bodyless) out = String(body.length);
    } else if (name === 'content-type') contentType = typeof out === 'string' ? out : out[0];
    else if (name === 'content-encoding') contentEncoding = typeof out === 'string' ? out : out.join(',');
    names.push(name);
    values.push(out);
  }
  const [text, isBase64Encoded] = encodeBody(body, contentType, contentEncoding, isBinaryType);
  return {
    statusCode: res.statusCode,
    statusMessage: res.statusMessage || STATUS_CODES[res.statusCode] || '',
    names,
    values,
    cookies,
    body: text,
    isBase64Encoded,
  };
}

/** A prepared header's value as one line (repeated values joined with ", ", RFC 9110 §5.3). */
export function joined(value: string | string[]): string {
  return typeof value === 'string' ? value : value.join(', ');
}

/** Validates a result's `statusCode` (proxy side). */
export function checkStatus(value: unknown, format: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 599) {
    throw new LambdaBadResponseError(`${format} result: statusCode must be an integer from 100 to 599, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

/** A result header value must be a string: API Gateway answers 502 to a number (docs/lambda-http.md). */
export function checkHeaderValue(value: unknown, where: string): string {
  if (typeof value !== 'string') {
    throw new LambdaBadResponseError(`${where} must be a string, got ${value === null ? 'null' : typeof value}`);
  }
  return value;
}

/** Decodes a result body (`body` + `isBase64Encoded`) into bytes (proxy side). */
export function resultBody(body: unknown, isBase64Encoded: unknown, format: string): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body !== 'string') throw new LambdaBadResponseError(`${format} result: body must be a string, got ${typeof body}`);
  return Buffer.from(body, isBase64Encoded === true ? 'base64' : 'utf8');
}

/** Parses an Invoke payload (bytes or JSON text): the value and the text it came from. */
export function parsePayload(payload: Uint8Array | string, format: string): { value: unknown; text: string } {
  const text = typeof payload === 'string' ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  try {
    return { value: JSON.parse(text) as unknown, text };
  } catch (cause) {
    throw new LambdaBadResponseError(`${format} result is not valid JSON`, { cause });
  }
}

/** The client's view of a decoded result (proxy side): framing fixed, hop-by-hop headers removed. */
export function finishResponse(statusCode: number, headers: HeaderPairs, body: Buffer, method: string | undefined): LambdaHttpResponse {
  const bodyless = isBodyless(statusCode, method);
  const out: HeaderPairs = [];
  let hasLength = false;
  for (const [name, value] of headers) {
    if (HOP_BY_HOP.has(name)) continue;
    if (name === 'content-length') {
      if (hasLength || statusCode === 204 || statusCode < 200) continue;
      hasLength = true;
      out.push([name, bodyless ? value : String(body.length)]);
      continue;
    }
    out.push([name, value]);
  }
  if (!hasLength && !bodyless) out.push(['content-length', String(body.length)]);
  return { statusCode, headers: out, body: bodyless ? Buffer.alloc(0) : body };
}
