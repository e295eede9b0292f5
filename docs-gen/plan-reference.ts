import { planJsonSchema } from '../proxy/plan/json-schema.js';
import { cell, generatedHeader, type GeneratedPage } from './page.js';

type Node = Record<string, unknown> & {
  description?: string;
  default?: unknown;
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
  additionalProperties?: Node | boolean;
  oneOf?: Node[];
  anyOf?: Node[];
  enum?: unknown[];
  const?: unknown;
  type?: string | string[];
};

/** One plan field as the page lists it. */
export interface FieldRow {
  /** Dotted path from the plan's root; `[]` marks a list's items (`routes[].match.path`). */
  path: string;
  type: string;
  default: string;
  required: boolean;
  description: string;
  /** The variant the field belongs to, for tagged unions (`source: file`). */
  when?: string;
}

const alternatives = (n: Node): Node[] | undefined => n.oneOf ?? n.anyOf;

/** The JSON Schema type of a node in a few words: `string`, `"off" | "learn"`, `object[]`, `map of string`. */
export function typeOf(n: Node): string {
  if ('const' in n) return JSON.stringify(n.const);
  if (n.enum) return n.enum.map((v) => JSON.stringify(v)).join(' | ');
  const alts = alternatives(n);
  if (alts) return [...new Set(alts.map(typeOf))].join(' | ');
  if (n.type === 'array') {
    const item = typeOf(n.items ?? {});
    return `${item.includes(' | ') ? `(${item})` : item}[]`;
  }
  if (n.type === 'object') {
    if (n.properties) return 'object';
    if (typeof n.additionalProperties === 'object') return `map of ${typeOf(n.additionalProperties)}`;
    return 'object';
  }
  if (Array.isArray(n.type)) return n.type.join(' | ');
  return n.type ?? 'any';
}

/** The discriminator of a tagged union (every variant an object with one `const` property of the same name). */
function tagOf(alts: Node[]): string | undefined {
  const first = alts[0]?.properties;
  if (!first) return undefined;
  return Object.keys(first).find((k) => alts.every((a) => a.properties?.[k] !== undefined && 'const' in a.properties[k]!));
}

function walkProperties(owner: Node, prefix: string, rows: FieldRow[], when: string | undefined): void {
  const required = new Set(owner.required ?? []);
  for (const [key, child] of Object.entries(owner.properties ?? {})) walk(child, prefix === '' ? key : `${prefix}.${key}`, required.has(key), rows, when);
}

function walk(n: Node, path: string, required: boolean, rows: FieldRow[], when: string | undefined): void {
  rows.push({
    path,
    type: typeOf(n),
    default: n.default === undefined ? '' : JSON.stringify(n.default),
    required,
    description: n.description ?? '',
    ...(when === undefined ? {} : { when }),
  });
  walkInside(n, path, rows, when);
}

/** The fields below a node: an object's properties, a list's items, each variant of a union. */
function walkInside(n: Node, path: string, rows: FieldRow[], when: string | undefined): void {
  const alts = alternatives(n);
  if (alts) {
    const tag = tagOf(alts);
    if (tag !== undefined) {
      // The tag is one row naming every variant; each variant's own fields follow, marked with their variant.
      const tags = alts.map((alt) => alt.properties![tag]!);
      rows.push({
        path: `${path}.${tag}`,
        type: tags.map((t) => JSON.stringify(t.const)).join(' | '),
        default: '',
        required: true,
        description: tags.map((t) => `\`${String(t.const)}\`: ${t.description ?? ''}`).join(' '),
        ...(when === undefined ? {} : { when }),
      });
    }
    for (const alt of alts) {
      const variant = tag === undefined ? when : `${tag}: ${String(alt.properties![tag]!.const)}`;
      if (alt.properties)
        walkProperties({ ...alt, properties: Object.fromEntries(Object.entries(alt.properties).filter(([k]) => k !== tag)) }, path, rows, variant);
      else walkInside(alt, path, rows, when);
    }
    return;
  }
  if (n.properties) walkProperties(n, path, rows, when);
  else if (n.type === 'array' && n.items) {
    if (n.items.properties || alternatives(n.items)) walkInside(n.items, `${path}[]`, rows, when);
  }
}

/** Every field of the plan, in schema order, from the JSON Schema generated from the zod schema. */
export function planFields(): FieldRow[] {
  const rows: FieldRow[] = [];
  walkProperties(planJsonSchema() as Node, '', rows, undefined);
  // A field reached through two variants with the same text (shared fields of `flags.source: file`/`launchdarkly`)
  // is one row with both variants.
  const byKey = new Map<string, FieldRow>();
  for (const row of rows) {
    const key = `${row.path}\0${row.type}\0${row.description}`;
    const seen = byKey.get(key);
    if (seen === undefined) byKey.set(key, { ...row });
    else if (seen.when !== undefined && row.when !== undefined && !seen.when.split(', ').includes(row.when)) seen.when += `, ${row.when}`;
    else if (row.when === undefined) delete seen.when;
  }
  return [...byKey.values()];
}

function row(f: FieldRow): string {
  const name = `\`${f.path}\``;
  const def = f.required ? '**required**' : f.default === '' ? '' : `\`${f.default}\``;
  const when = f.when === undefined ? '' : ` *(${f.when})*`;
  return `| ${cell(name)} | ${cell(`\`${f.type}\``)} | ${cell(def)} | ${cell(f.description)}${cell(when)} |`;
}

export function planReference(): string {
  const fields = planFields();
  const sections = [...new Set(fields.map((f) => f.path.split(/[.[]/)[0]!))];
  const out = [
    generatedHeader('Plan reference', "the plan's zod schema (proxy/plan/schema.ts and the schemas it composes)"),
    'Every field of a migration plan, with its type, default and description. [Migration plans](plans.md) explains the',
    'file and its sections; [migration-plans/plan.schema.json](../migration-plans/plan.schema.json) is the same schema',
    'for editors. `[]` marks the items of a list; *(source: file)* marks a field of one variant of a tagged union.',
    '',
  ];
  for (const section of sections) {
    out.push(`## \`${section}\``, '', '| field | type | default | description |', '| --- | --- | --- | --- |');
    for (const f of fields.filter((x) => x.path === section || x.path.startsWith(`${section}.`) || x.path.startsWith(`${section}[`))) out.push(row(f));
    out.push('');
  }
  return out.join('\n');
}

export const planReferencePage: GeneratedPage = { path: 'docs/plan-reference.md', generate: planReference };
