import { coversPath, formatPath, generalisePath, matchesAny, matchesPath, type PathSegment } from '../../schemas/field-paths.js';
import type { CompiledRules } from './rules.js';

/**
 * One difference. `a` and `b` are the two values (absent when the field is missing on that side): in shadow
 * results `a` is always the monolith's answer and `b` the Lambda's, whichever of them served the client.
 */
export interface FieldDiff {
  /** Concrete path: `$.items[3].price`, `status`, `headers.content-type`. */
  path: string;
  /** The path with indices generalised (`$.items[*].price`): what is counted and what an ignore rule would say. */
  field: string;
  /** `changed`: both have it and it differs; `removed`: only `a` has it; `added`: only `b` has it. */
  kind: 'changed' | 'removed' | 'added';
  a?: unknown;
  b?: unknown;
}

export interface DiffSink {
  diffs: FieldDiff[];
  /** True when more than `maxDiffs` differences were found (the rest were not recorded). */
  truncated: boolean;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Deep-diffs two parsed JSON values under `rules`: ignored paths are skipped with everything below them, arrays
 * at `sortArrays` paths are sorted first, numbers within `tolerance` and strings matching an `equal` pattern on
 * both sides are equal. Appends to `sink` in document order.
 * @example
 *   const sink = { diffs: [], truncated: false };
 *   diffJson({ items: [{ price: 1 }] }, { items: [{ price: 2 }] }, exactRules(), sink);
 *   // sink.diffs[0] → { path: '$.items[0].price', field: '$.items[*].price', kind: 'changed', a: 1, b: 2 }
 */
export function diffJson(a: unknown, b: unknown, rules: CompiledRules, sink: DiffSink): void {
  walk(a as Json, b as Json, [], rules, sink);
}

function push(sink: DiffSink, rules: CompiledRules, diff: FieldDiff): boolean {
  if (sink.diffs.length >= rules.maxDiffs) {
    sink.truncated = true;
    return false;
  }
  sink.diffs.push(diff);
  return true;
}

function record(sink: DiffSink, rules: CompiledRules, path: PathSegment[], kind: FieldDiff['kind'], a: unknown, b: unknown): boolean {
  const diff: FieldDiff = { path: formatPath(path), field: generalisePath(path), kind };
  if (kind !== 'added') diff.a = a;
  if (kind !== 'removed') diff.b = b;
  return push(sink, rules, diff);
}

/** Returns false once the sink is full, to stop the walk early. */
function walk(a: Json, b: Json, path: PathSegment[], rules: CompiledRules, sink: DiffSink): boolean {
  if (rules.ignore.length > 0 && matchesAny(rules.ignore, path)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    const sort = rules.sortArrays.find((s) => matchesPath(s.pattern, path));
    const left = sort ? sortArray(a, sort.by) : a;
    const right = sort ? sortArray(b, sort.by) : b;
    const n = Math.max(left.length, right.length);
    for (let i = 0; i < n; i++) {
      path.push(i);
      const ok =
        i >= right.length
          ? ignored(rules, path) || record(sink, rules, path, 'removed', left[i], undefined)
          : i >= left.length
            ? ignored(rules, path) || record(sink, rules, path, 'added', undefined, right[i])
            : walk(left[i]!, right[i]!, path, rules, sink);
      path.pop();
      if (!ok) return false;
    }
    return true;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of Object.keys(a)) {
      path.push(key);
      const ok = Object.hasOwn(b, key)
        ? walk(a[key]!, b[key]!, path, rules, sink)
        : ignored(rules, path) || record(sink, rules, path, 'removed', a[key], undefined);
      path.pop();
      if (!ok) return false;
    }
    for (const key of Object.keys(b)) {
      if (Object.hasOwn(a, key)) continue;
      path.push(key);
      const ok = ignored(rules, path) || record(sink, rules, path, 'added', undefined, b[key]);
      path.pop();
      if (!ok) return false;
    }
    return true;
  }
  if (leafEqual(a, b, path, rules)) return true;
  return record(sink, rules, path, 'changed', a, b);
}

function ignored(rules: CompiledRules, path: PathSegment[]): boolean {
  return rules.ignore.length > 0 && matchesAny(rules.ignore, path);
}

function leafEqual(a: Json, b: Json, path: PathSegment[], rules: CompiledRules): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') {
    const d = Math.abs(a - b);
    const { absolute, relative } = rules.tolerance;
    return d <= absolute || d <= relative * Math.max(Math.abs(a), Math.abs(b));
  }
  if (typeof a === 'string' && typeof b === 'string') {
    for (const rule of rules.equal) {
      if (rule.paths && !rule.paths.some((p) => coversPath(p, path))) continue;
      if (rule.test.test(a) && rule.test.test(b)) return true;
    }
  }
  return false;
}

/** Key order of objects is not significant in JSON (RFC 8259 §4), so the sort key is canonical. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sortArray(items: Json[], by: string | undefined): Json[] {
  const keyed = items.map((item) => {
    const v = by !== undefined && isObject(item) ? item[by] : by === undefined ? item : undefined;
    return { item, key: typeof v === 'number' ? v : canonicalJson(v) };
  });
  keyed.sort((x, y) => {
    if (typeof x.key === 'number' && typeof y.key === 'number') return x.key - y.key;
    // Numbers before anything else, so the order is total when types are mixed.
    if (typeof x.key === 'number') return -1;
    if (typeof y.key === 'number') return 1;
    const xs = String(x.key);
    const ys = String(y.key);
    return xs < ys ? -1 : xs > ys ? 1 : 0;
  });
  return keyed.map((k) => k.item);
}
