import { coversPath, parsePathPattern, type PathPattern, type PathSegment } from '../../schemas/field-paths.js';
import type { FieldDiff } from '../compare/json-diff.js';
import type { HeaderBag } from '../compare/compare.js';

export const REDACTED = '[REDACTED]';

/** Redaction settings parsed once per route. */
export interface Redaction {
  headers: ReadonlySet<string>;
  query: ReadonlySet<string>;
  body: PathPattern[];
}

export function compileRedaction(cfg: { headers: readonly string[]; query: readonly string[]; body: readonly string[] }): Redaction {
  return {
    headers: new Set(cfg.headers.map((h) => h.toLowerCase())),
    query: new Set(cfg.query.map((q) => q.toLowerCase())),
    body: cfg.body.map(parsePathPattern),
  };
}

/** Headers with the redacted ones' values replaced (names kept: that a cookie was sent can matter). */
export function redactHeaders(headers: HeaderBag, r: Redaction): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    out[lower] = r.headers.has(lower) ? REDACTED : Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/** `/p?token=abc&q=1` → `/p?token=[REDACTED]&q=1` (parameter names compared case-insensitively). */
export function redactUrl(url: string, r: Redaction): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const [path, query] = [url.slice(0, q), url.slice(q + 1)];
  const parts = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' ')).toLowerCase();
    } catch {
      name = rawName.toLowerCase();
    }
    return r.query.has(name) && eq >= 0 ? `${rawName}=${REDACTED}` : pair;
  });
  return `${path}?${parts.join('&')}`;
}

/** `$.a[2]['b c']` → `['a', 2, 'b c']` (concrete paths only have keys and indices). */
export function pathSegments(path: string): PathSegment[] | null {
  if (!path.startsWith('$')) return null;
  try {
    return parsePathPattern(path).segments.map((s) => (s.t === 'key' ? s.key : s.t === 'index' ? s.index : '*'));
  } catch {
    return null;
  }
}

/** A JSON value found at `path`, with every part a body rule covers replaced by REDACTED. */
export function redactValue(value: unknown, path: PathSegment[], patterns: readonly PathPattern[]): unknown {
  if (patterns.some((p) => coversPath(p, path))) return REDACTED;
  if (Array.isArray(value)) return value.map((v, i) => redactValue(v, [...path, i], patterns));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, [...path, k], patterns)]));
  }
  return value;
}

/** A difference safe to store: redacted header values, redacted body paths (also inside object values). */
export function redactDiff(diff: FieldDiff, r: Redaction): FieldDiff {
  const out: FieldDiff = { ...diff };
  const set = (f: (v: unknown) => unknown): void => {
    if ('a' in out) out.a = f(out.a);
    if ('b' in out) out.b = f(out.b);
  };
  if (diff.path.startsWith('headers.')) {
    if (r.headers.has(diff.path.slice('headers.'.length))) set(() => REDACTED);
  } else if (diff.path.startsWith('$') && r.body.length > 0) {
    const segments = pathSegments(diff.path);
    // A path we cannot read back is redacted whole rather than risk storing a secret.
    if (segments === null) set(() => REDACTED);
    // At the root, a string is a text excerpt (a body that is not JSON): field rules cannot apply inside it, so
    // a route with body rules keeps no excerpt at all.
    else if (diff.path === '$') set((v) => (typeof v === 'string' ? REDACTED : redactValue(v, segments, r.body)));
    else set((v) => redactValue(v, segments, r.body));
  }
  return out;
}
