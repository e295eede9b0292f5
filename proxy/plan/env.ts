import { isMap, isScalar, isSeq, parse as parseYamlValue, type Document, type Node } from 'yaml';

/**
 * `${NAME}` and `${NAME:-default}` in plan values, replaced from the environment when a plan is loaded (and on
 * every reload), so one plan file serves every environment and configuration stays in the environment, as the
 * twelve-factor app asks (https://12factor.net/config). The syntax is the POSIX shell's / Docker Compose's
 * (https://docs.docker.com/reference/compose-file/interpolation/):
 *
 * - `${NAME}`: the variable's value; unset is a located plan problem.
 * - `${NAME:-default}`: the default when the variable is unset or empty; `${NAME-default}`: only when unset.
 * - `$${` is a literal `${` (so a plan can still say `${` in, say, a compare rule).
 *
 * Only values are substituted, never keys. A plain (unquoted) scalar that is one whole reference takes the type
 * its value has in YAML (`port: ${PORT}` with PORT=8080 is the number 8080, as if the text had been written in
 * place); a quoted scalar stays a string.
 */

/** A reference that could not be resolved, located at the `${` in the plan's source. */
export interface EnvProblem {
  offset: number;
  path: readonly (string | number)[];
  message: string;
}

export interface EnvSubstitution {
  problems: EnvProblem[];
  /** Values of secret-named variables that went into the plan: masked wherever the resolved plan is shown. */
  secrets: string[];
}

/**
 * Variable names whose values are secrets (masked by `strangler plan validate --print`): `*_TOKEN`, `*_KEY`,
 * `*_PASSWORD`, `*_SECRET`, `*_PASS`, `*_CREDENTIALS`, and the same words as whole names.
 */
export const SECRET_ENV_NAME = /(^|_)(TOKEN|KEY|PASSWORD|SECRET|PASS|CREDENTIALS)$/i;

/** What replaces a secret value in a printed plan. */
export const MASK = '****';

const REFERENCE = /\$(\$?)\{([^}]*)\}/g;
const NAME = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)(.*))?$/s;

/**
 * Replaces `${…}` references in every string value of `doc`, in place. Returns what could not be resolved (each
 * at the source offset of its `${`) and the secret values used; `source` is the text `doc` was parsed from.
 */
export function substituteEnv(doc: Document, source: string, env: NodeJS.ProcessEnv): EnvSubstitution {
  const out: EnvSubstitution = { problems: [], secrets: [] };
  walk(doc.contents, [], (scalar, path) => {
    const text = scalar.value as string;
    if (!text.includes('${')) return;
    const raw = scalar.range === undefined || scalar.range === null ? '' : source.slice(scalar.range[0], scalar.range[1]);
    const offsetOf = (ref: string): number => {
      const start = scalar.range?.[0] ?? 0;
      const at = raw.indexOf(ref);
      return at < 0 ? start : start + at;
    };
    let failed = false;
    let whole = false;
    const value = text.replace(REFERENCE, (ref: string, escaped: string, inner: string) => {
      if (escaped === '$') return ref.slice(1);
      whole = ref === text;
      const m = NAME.exec(inner);
      if (m === null) {
        failed = true;
        out.problems.push({ offset: offsetOf(ref), path, message: `invalid environment reference "${ref}" (write \${NAME} or \${NAME:-default})` });
        return ref;
      }
      const [, name, operator, fallback] = m as unknown as [string, string, string | undefined, string | undefined];
      const set = env[name];
      let resolved: string | undefined;
      if (set !== undefined && (operator !== ':-' || set !== '')) resolved = set;
      else if (operator !== undefined) resolved = fallback ?? '';
      if (resolved === undefined) {
        failed = true;
        out.problems.push({
          offset: offsetOf(ref),
          path,
          message: `environment variable ${name} is not set (set it, or give a default: \${${name}:-value})`,
        });
        return ref;
      }
      if (set !== undefined && resolved === set && set !== '' && SECRET_ENV_NAME.test(name)) out.secrets.push(set);
      return resolved;
    });
    if (failed || value === text) return;
    scalar.value = whole && scalar.type === 'PLAIN' ? typed(value) : value;
  });
  return out;
}

/** Replaces every secret value inside the strings of `value` with MASK (a deep copy; `value` is untouched). */
export function maskSecrets<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const sorted = [...new Set(secrets)].sort((a, b) => b.length - a.length);
  const mask = (v: unknown): unknown => {
    if (typeof v === 'string') return sorted.reduce((s, secret) => s.split(secret).join(MASK), v);
    if (Array.isArray(v)) return v.map(mask);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mask(x)]));
    return v;
  };
  return mask(value) as T;
}

/** What a plain scalar with this text would be in YAML: numbers and booleans keep their type, the rest is text. */
function typed(text: string): string | number | boolean {
  let parsed: unknown;
  try {
    parsed = parseYamlValue(text);
  } catch {
    return text;
  }
  return typeof parsed === 'number' || typeof parsed === 'boolean' ? parsed : text;
}

type Visit = (scalar: { value: unknown; type?: string | undefined; range?: [number, number, number] | null }, path: (string | number)[]) => void;

function walk(node: unknown, path: (string | number)[], visit: Visit): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      walk(pair.value, [...path, key], visit);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => walk(item, [...path, i], visit));
  } else if (isScalar(node) && typeof node.value === 'string') {
    visit(node as Node & { value: unknown }, path);
  }
}
