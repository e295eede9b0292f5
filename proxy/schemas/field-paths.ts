/**
 * Field paths in JSON bodies, written the JSONPath way (RFC 9535): `$.items[3].price`, `$['odd key']`.
 *
 * Concrete paths (where a difference was found) are arrays of keys and indices, formatted by `formatPath`.
 * Patterns (in plan rules) add two wildcards: `*` (`[*]` or `.*`) matches any one key or index, and `..`
 * (RFC 9535 descendant segment) matches any depth, so `$..updatedAt` ignores `updatedAt` wherever it appears.
 * A pattern that matches a node also covers everything under it: ignoring `$.meta` ignores `$.meta.etag`.
 */

export type PathSegment = string | number;

export type PatternSegment =
  | { t: 'key'; key: string }
  | { t: 'index'; index: number }
  | { t: 'any' }
  /** Zero or more segments (the `..` descendant segment). */
  | { t: 'deep' };

export interface PathPattern {
  /** The pattern as written (for messages and reports). */
  source: string;
  segments: PatternSegment[];
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['items', 3, 'price']` → `$.items[3].price`; keys that are not identifiers are quoted: `$['a b']`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '$';
  for (const part of path) out += formatSegment(part);
  return out;
}

function formatSegment(part: PathSegment): string {
  if (typeof part === 'number') return `[${part}]`;
  if (IDENTIFIER.test(part)) return `.${part}`;
  return `['${part.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/**
 * The path with every array index replaced by `[*]`: differences at `$.items[0].price` and `$.items[7].price` are
 * the same field, counted once, and the generalised form is a valid ignore rule.
 */
export function generalisePath(path: readonly PathSegment[]): string {
  let out = '$';
  for (const part of path) out += typeof part === 'number' ? '[*]' : formatSegment(part);
  return out;
}

/** Thrown by `parsePathPattern`; the message says what is wrong and where (plan validation shows it). */
export class PathSyntaxError extends Error {
  override readonly name = 'PathSyntaxError';
}

/**
 * Parses a path pattern. Accepts `$`, `.key`, `['key']`/`["key"]`, `[3]`, `[*]`, `.*`, `..key`, `..*`, `..[0]`.
 * @example
 *   parsePathPattern('$.items[*].updatedAt').segments
 *   // [{t:'key',key:'items'}, {t:'any'}, {t:'key',key:'updatedAt'}]
 */
export function parsePathPattern(source: string): PathPattern {
  if (!source.startsWith('$')) throw new PathSyntaxError(`"${source}": a field path starts with "$" (e.g. $.items[*].price)`);
  const segments: PatternSegment[] = [];
  let i = 1;
  const fail = (what: string): never => {
    throw new PathSyntaxError(`"${source}": ${what} at character ${i + 1}`);
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '.') {
      if (source[i + 1] === '.') {
        segments.push({ t: 'deep' });
        i += 2;
        // `..[0]` / `..['k']`: the bracket is read by the next loop turn.
        if (source[i] === '[') continue;
      } else i += 1;
      if (source[i] === '*') {
        segments.push({ t: 'any' });
        i += 1;
        continue;
      }
      const m = /^[^.[\]'"*]+/.exec(source.slice(i));
      if (!m) fail('expected a key name after "."');
      segments.push({ t: 'key', key: m![0] });
      i += m![0].length;
    } else if (c === '[') {
      const rest = source.slice(i);
      const index = /^\[(\d+)\]/.exec(rest);
      const any = /^\[\*\]/.exec(rest);
      if (index) {
        segments.push({ t: 'index', index: Number(index[1]) });
        i += index[0].length;
      } else if (any) {
        segments.push({ t: 'any' });
        i += 3;
      } else if (rest[1] === "'" || rest[1] === '"') {
        const quote = rest[1];
        let key = '';
        let j = 2;
        for (; j < rest.length && rest[j] !== quote; j++) {
          if (rest[j] === '\\') j++;
          if (j < rest.length) key += rest[j];
        }
        if (rest[j] !== quote || rest[j + 1] !== ']') fail(`unterminated ${quote}key${quote}]`);
        segments.push({ t: 'key', key });
        i += j + 2;
      } else fail("expected [N], [*] or ['key']");
    } else fail(`unexpected "${c}"`);
  }
  if (segments.at(-1)?.t === 'deep') fail('".." must be followed by a key, [N] or *');
  return { source, segments };
}

/** True when `pattern` matches `path` exactly (all of it). */
export function matchesPath(pattern: PathPattern, path: readonly PathSegment[]): boolean {
  return matchFrom(pattern.segments, 0, path, 0);
}

/** True when `pattern` matches `path` or one of its ancestors (so the rule covers this node). */
export function coversPath(pattern: PathPattern, path: readonly PathSegment[]): boolean {
  for (let end = path.length; end >= 0; end--) {
    if (matchFrom(pattern.segments, 0, path.slice(0, end), 0)) return true;
  }
  return false;
}

export function matchesAny(patterns: readonly PathPattern[], path: readonly PathSegment[]): boolean {
  for (const p of patterns) if (matchFrom(p.segments, 0, path, 0)) return true;
  return false;
}

function matchFrom(pattern: readonly PatternSegment[], pi: number, path: readonly PathSegment[], si: number): boolean {
  while (pi < pattern.length) {
    const seg = pattern[pi]!;
    if (seg.t === 'deep') {
      // Try the rest of the pattern at every depth from here.
      for (let k = si; k <= path.length; k++) if (matchFrom(pattern, pi + 1, path, k)) return true;
      return false;
    }
    if (si >= path.length) return false;
    const part = path[si]!;
    if (seg.t === 'key' && part !== seg.key) return false;
    if (seg.t === 'index' && part !== seg.index) return false;
    pi++;
    si++;
  }
  return si === path.length;
}
