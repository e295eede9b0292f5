import type { z } from 'zod';

/**
 * "did you mean" hints for plan problems: a misspelt key or enum value is compared (Levenshtein distance) with what
 * the schema allows at that place, as TypeScript and cargo do for misspelt names.
 */

/** The closest candidate to `word`, if it is close enough to be a likely typo (or differs only in case). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    if (candidate.toLowerCase() === lower) return candidate;
    const d = levenshtein(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  // One edit for short words, up to a third of the word for longer ones (`timeotMs` → `timeoutMs`).
  const allowed = Math.max(1, Math.floor(Math.max(word.length, best?.length ?? 0) / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** Edit distance (insertions, deletions, substitutions; a swap of neighbours counts as one). */
export function levenshtein(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

type AnySchema = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string };

/**
 * The keys an object in the plan may have, found by walking the zod schema along `path` (through defaults,
 * optionals, pipes, arrays and records) beside the plan's own data, which picks the option of a discriminated
 * union (`flags: { source: file }` allows the file source's keys only). Empty when the path leads to no object.
 */
export function allowedKeysAt(schema: AnySchema, path: readonly PropertyKey[], data: unknown): string[] {
  const keys = new Set<string>();
  for (const { schema: target, value } of schemasAt(schema, path, data, 0)) {
    for (const shape of objectsOf(target, value, 0)) for (const key of Object.keys(shape)) keys.add(key);
  }
  return [...keys];
}

/** The plan's value at `path` (undefined where the path leads nowhere). */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

interface At {
  schema: AnySchema;
  value: unknown;
}

function schemasAt(schema: AnySchema, path: readonly PropertyKey[], value: unknown, depth: number): At[] {
  if (depth > 64) return [];
  if (path.length === 0) return [{ schema, value }];
  const def = schema._zod.def as unknown as Def;
  const [head, ...rest] = path;
  const child = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[head!] : undefined;
  switch (def.type) {
    case 'pipe':
      return schemasAt(def.in as AnySchema, path, value, depth + 1);
    case 'lazy':
      return schemasAt((def.getter as () => AnySchema)(), path, value, depth + 1);
    case 'union':
      return unionOptions(def, value).flatMap((option) => schemasAt(option, path, value, depth + 1));
    case 'object': {
      const field = (def.shape as Record<string, AnySchema>)[String(head)];
      return field === undefined ? [] : schemasAt(field, rest, child, depth + 1);
    }
    case 'array':
      return typeof head === 'number' ? schemasAt(def.element as AnySchema, rest, child, depth + 1) : [];
    case 'record':
      return schemasAt(def.valueType as AnySchema, rest, child, depth + 1);
    default:
      return 'innerType' in def ? schemasAt(def.innerType as AnySchema, path, value, depth + 1) : [];
  }
}

/** The shapes of the object schemas `schema` stands for (unwrapping wrappers and unions). */
function objectsOf(schema: AnySchema, value: unknown, depth: number): Array<Record<string, unknown>> {
  if (depth > 64) return [];
  const def = schema._zod.def as unknown as Def;
  switch (def.type) {
    case 'object':
      return [def.shape as Record<string, unknown>];
    case 'union':
      return unionOptions(def, value).flatMap((o) => objectsOf(o, value, depth + 1));
    case 'pipe':
      return objectsOf(def.in as AnySchema, value, depth + 1);
    case 'lazy':
      return objectsOf((def.getter as () => AnySchema)(), value, depth + 1);
    default:
      return 'innerType' in def ? objectsOf(def.innerType as AnySchema, value, depth + 1) : [];
  }
}

/** A discriminated union's option chosen by the value's discriminator; all options otherwise. */
function unionOptions(def: Def, value: unknown): AnySchema[] {
  const options = def.options as AnySchema[];
  const discriminator = def.discriminator;
  if (typeof discriminator !== 'string' || value === null || typeof value !== 'object') return options;
  const tag = (value as Record<string, unknown>)[discriminator];
  const chosen = options.filter((option) => {
    const values = (option._zod as unknown as { propValues?: Record<string, Set<unknown>> }).propValues?.[discriminator];
    return values?.has(tag) ?? false;
  });
  return chosen.length > 0 ? chosen : options;
}
