import { isUtf8 } from 'node:buffer';
import { AdapterError, AdapterErrorCode } from '../errors.js';

/**
 * The one rule that decides whether a body travels as text or as base64, used by the proxy's encoder, the
 * adapters' result writer and every decoder, so both sides of the contract always agree.
 *
 * Text: `text/*`, `application/json`, `application/javascript`, `application/xml` and the `+json`, `+xml`, `+yaml`
 * suffixes (docs/lambda-http.md; ALB uses the same list:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html#receive-event-from-load-balancer).
 * Binary: everything else; any `content-encoding` other than `identity`, not only a fixed list (a zstd body sent
 * as text is corrupted: https://github.com/dougmoscrop/serverless-http/issues/312); the configured binary types;
 * and a "text" body whose bytes are not valid UTF-8 (a `charset=iso-8859-1` page would not survive as UTF-8).
 */

const TEXT_TYPES = new Set(['application/json', 'application/javascript', 'application/xml']);
const TEXT_SUFFIXES = ['+json', '+xml', '+yaml'];

/** The media type of a Content-Type value: lower case, parameters and spaces removed (`''` when absent). */
export function mediaType(contentType: string | undefined): string {
  if (!contentType) return '';
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** True for media types whose bodies travel as text. */
export function isTextMediaType(type: string): boolean {
  if (type.startsWith('text/') || TEXT_TYPES.has(type)) return true;
  for (const suffix of TEXT_SUFFIXES) if (type.endsWith(suffix)) return true;
  return false;
}

/** Matches a media type against the user's binary types; compiled once per handler. */
export type BinaryTypeMatcher = (type: string) => boolean;

const MEDIA_PATTERN = /^(?:\*|[a-z0-9!#$&^_.+-]+)\/(?:\*|[a-z0-9!#$&^_.+-]+\*?)$/;

/**
 * Compiles `binaryContentTypes` (`image/png`, `image/*`, `application/vnd.*`, `*\/*`) into a matcher.
 * @example
 *   const isBinaryType = compileBinaryTypes(['image/*', 'application/pdf']);
 *   isBinaryType('image/webp'); // true
 */
export function compileBinaryTypes(patterns: readonly string[] | undefined, option = 'binaryContentTypes'): BinaryTypeMatcher {
  if (patterns === undefined || patterns.length === 0) return () => false;
  if (!Array.isArray(patterns)) {
    throw new AdapterError(AdapterErrorCode.INVALID_OPTION, `${option} must be an array of media types such as "image/*"`);
  }
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const [i, raw] of patterns.entries()) {
    const pattern = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    if (!MEDIA_PATTERN.test(pattern)) {
      throw new AdapterError(
        AdapterErrorCode.INVALID_OPTION,
        `${option}[${i}]: ${JSON.stringify(raw)} is not a media type (expected "type/subtype", "type/*" or "*/*")`,
      );
    }
    if (pattern === '*/*') return () => true;
    if (pattern.endsWith('*')) prefixes.push(pattern.slice(0, -1));
    else exact.add(pattern);
  }
  return (type) => {
    if (exact.has(type)) return true;
    for (const prefix of prefixes) if (type.startsWith(prefix)) return true;
    return false;
  };
}

/**
 * Whether a body must be sent base64-encoded (`isBase64Encoded: true`).
 * @example
 *   isBinaryBody('image/png', undefined, png); // true
 *   isBinaryBody('application/json; charset=utf-8', undefined, json); // false
 *   isBinaryBody('text/html', 'gzip', gzipped); // true
 */
export function isBinaryBody(
  contentType: string | undefined,
  contentEncoding: string | undefined,
  body: Uint8Array,
  isBinaryType: BinaryTypeMatcher = () => false,
): boolean {
  if (body.length === 0) return false;
  if (contentEncoding !== undefined && contentEncoding.trim() !== '' && contentEncoding.trim().toLowerCase() !== 'identity') {
    return true;
  }
  const type = mediaType(contentType);
  if (isBinaryType(type) || !isTextMediaType(type)) return true;
  return !isUtf8(body);
}

/** Encodes a body for an event or result: `[text, isBase64Encoded]`. */
export function encodeBody(
  body: Buffer,
  contentType: string | undefined,
  contentEncoding: string | undefined,
  isBinaryType?: BinaryTypeMatcher,
): [string, boolean] {
  if (body.length === 0) return ['', false];
  const binary = isBinaryBody(contentType, contentEncoding, body, isBinaryType);
  return [body.toString(binary ? 'base64' : 'utf8'), binary];
}
