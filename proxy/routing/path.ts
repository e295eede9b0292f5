import { codeOptions, StranglerError } from '../errors/index.js';
import { ROUTING_ERRORS, type RoutingErrorCode } from './errors.js';

/**
 * The request target, normalised once before routing: the route is matched on the normalised path, and both sides
 * (the monolith's request line, the Lambda event's `rawPath`) get that same path, so no spelling of a path can be
 * matched as one resource by the proxy and served as another by the monolith.
 *
 * - absolute-form (`GET http://shop.example/a HTTP/1.1`) is reduced to origin-form (RFC 9112 §3.2.2,
 *   https://www.rfc-editor.org/rfc/rfc9112#section-3.2.2); its authority is returned for the Host header;
 * - percent-encoded unreserved characters are decoded and the other escapes upper-cased (RFC 3986 §6.2.2.1-2,
 *   https://www.rfc-editor.org/rfc/rfc3986#section-6.2.2), so `%2e%2e` is `..` and `%70roducts` is `products`;
 * - `.` and `..` segments are removed (RFC 3986 §5.2.4, https://www.rfc-editor.org/rfc/rfc3986#section-5.2.4);
 * - runs of slashes become one (`routing.mergeSlashes`, default on, as nginx's `merge_slashes`);
 * - an encoded slash or backslash (`%2F`, `%5C`) is refused unless `routing.encodedSlashes: keep`: a monolith that
 *   decodes it before routing would see segments the proxy never matched;
 * - case and a trailing slash are kept as the client sent them: whether they matter is the router's business
 *   (`caseSensitive`, `trailingSlash`), and a monolith that ignores them (Express's defaults) ignores them too.
 * The query string is passed through untouched.
 */

export const PATH_INVALID = 'STRANGLER_PATH_INVALID' satisfies RoutingErrorCode;

/** A request target the proxy refuses to route (400): malformed, or a spelling that could smuggle a path. */
export class PathInvalidError extends StranglerError {
  constructor(reason: string) {
    super(PATH_INVALID, `invalid request path: ${reason}`, codeOptions(ROUTING_ERRORS, PATH_INVALID));
    this.name = 'PathInvalidError';
  }
}

export interface PathOptions {
  /** Merge runs of slashes (`/a//b` → `/a/b`). */
  mergeSlashes: boolean;
  /** `reject`: answer 400 to `%2F` / `%5C` in the path; `keep`: leave them encoded (one segment). */
  encodedSlashes: 'reject' | 'keep';
}

export interface NormalisedTarget {
  /** Origin-form target: the normalised path, then `?query` when the client sent one. */
  url: string;
  /** The normalised path alone. */
  path: string;
  /** The authority of an absolute-form target (`shop.example:8080`), which replaces the Host header. */
  authority?: string;
}

/**
 * @example
 *   normaliseTarget('/x/../Products//7/?a=1', { mergeSlashes: true, encodedSlashes: 'reject' })
 *   // → { url: '/Products/7/?a=1', path: '/Products/7/' }
 *   normaliseTarget('http://shop.example/products/7', options) // → { url: '/products/7', path: '/products/7', authority: 'shop.example' }
 * @throws PathInvalidError for a target that is neither origin- nor absolute-form, bad percent-encoding, or a
 *   refused encoded slash.
 */
export function normaliseTarget(target: string, options: PathOptions): NormalisedTarget {
  let rest = target;
  let authority: string | undefined;
  if (rest.charCodeAt(0) !== 47 /* / */) {
    const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(rest);
    if (absolute === null) throw new PathInvalidError('the request target must be a path starting with "/" or an absolute http(s) URL');
    authority = absolute[1]!.slice(absolute[1]!.lastIndexOf('@') + 1);
    rest = rest.slice(absolute[0].length);
    if (rest.charCodeAt(0) !== 47) rest = `/${rest}`;
  }
  const q = rest.indexOf('?');
  const raw = q === -1 ? rest : rest.slice(0, q);
  const path = normalisePath(raw, options);
  const url = path === raw && authority === undefined ? rest : q === -1 ? path : path + rest.slice(q);
  return authority === undefined || authority === '' ? { url, path } : { url, path, authority };
}

/** The path part of `normaliseTarget`. Cheap when there is nothing to do (no `%`, `//` or `/.`). */
export function normalisePath(path: string, options: PathOptions): string {
  let out = path;
  if (out.includes('%')) out = normaliseEscapes(out, options);
  if (options.mergeSlashes && out.includes('//')) out = out.replace(/\/{2,}/g, '/');
  if (out.includes('/.')) out = removeDotSegments(out);
  return out;
}

/** RFC 3986 §2.3: ALPHA / DIGIT / "-" / "." / "_" / "~". */
function isUnreserved(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2d ||
    code === 0x2e ||
    code === 0x5f ||
    code === 0x7e
  );
}

function normaliseEscapes(path: string, options: PathOptions): string {
  let out = '';
  let last = 0;
  for (let i = path.indexOf('%'); i !== -1; i = path.indexOf('%', i + 1)) {
    const hex = path.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new PathInvalidError(`bad percent-encoding "${path.slice(i, i + 3)}"`);
    const code = parseInt(hex, 16);
    if ((code === 0x2f || code === 0x5c) && options.encodedSlashes === 'reject') {
      throw new PathInvalidError(`encoded ${code === 0x2f ? 'slash "%2F"' : 'backslash "%5C"'} in the path (set routing.encodedSlashes: keep to allow it)`);
    }
    out += path.slice(last, i) + (isUnreserved(code) ? String.fromCharCode(code) : `%${hex.toUpperCase()}`);
    last = i + 3;
    i += 2;
  }
  return out + path.slice(last);
}

/** RFC 3986 §5.2.4 on an absolute path; `..` above the root stays at the root. */
export function removeDotSegments(path: string): string {
  const segments = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..' && out.length > 0) out.pop();
      // `/a/b/..` is `/a/`: a dot segment at the end leaves a directory.
      if (last) out.push('');
    } else out.push(segment);
  }
  return `/${out.join('/')}`;
}
