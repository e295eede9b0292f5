import type { ResolvedCompare } from '../config.js';
import { parsePathPattern, type PathPattern } from '../../schemas/field-paths.js';

/** RFC 3339 date-time (a time is required: two different dates are a real difference). */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?$/;
/** RFC 9562 UUID, any version, either case. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface EqualRule {
  name: string;
  test: RegExp;
  /** Null: everywhere in the body. */
  paths: PathPattern[] | null;
}

/** Comparison rules parsed once (per route, at start-up or plan reload), used for every comparison. */
export interface CompiledRules {
  /** Lower-case header names compared (ignored ones already removed). */
  headers: string[];
  ignore: PathPattern[];
  sortArrays: { pattern: PathPattern; by?: string }[];
  tolerance: { absolute: number; relative: number };
  equal: EqualRule[];
  /** Differences recorded per comparison; past it the result is marked `truncated` (a body that is all different). */
  maxDiffs: number;
}

export const DEFAULT_MAX_DIFFS = 100;

/** Compiles resolved settings. Paths and regexes were validated with the plan, so this does not fail on plan input. */
export function compileRules(compare: ResolvedCompare, maxDiffs = DEFAULT_MAX_DIFFS): CompiledRules {
  const ignoredHeaders = new Set(compare.ignoreHeaders.map((h) => h.toLowerCase()));
  return {
    headers: compare.headers.map((h) => h.toLowerCase()).filter((h) => !ignoredHeaders.has(h)),
    ignore: compare.ignore.map(parsePathPattern),
    sortArrays: compare.sortArrays.map((s) => ({ pattern: parsePathPattern(s.path), ...(s.by ? { by: s.by } : {}) })),
    tolerance: compare.tolerance,
    equal: compare.equalPatterns.map((p) => ({
      name: p.pattern ?? `/${p.regex}/${p.flags ?? ''}`,
      test: p.pattern === 'isoTimestamp' ? ISO_TIMESTAMP : p.pattern === 'uuid' ? UUID : new RegExp(p.regex ?? '', p.flags),
      paths: p.paths ? p.paths.map(parsePathPattern) : null,
    })),
    maxDiffs,
  };
}

/** Rules that compare everything exactly (the default when a route sets nothing). */
export function exactRules(): CompiledRules {
  return compileRules({ headers: ['content-type'], ignoreHeaders: [], ignore: [], sortArrays: [], tolerance: { absolute: 0, relative: 0 }, equalPatterns: [] });
}
