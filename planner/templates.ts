/**
 * Path templates for traffic the plan does not name: `/orders/8812/items/3` and `/orders/97/items/1` are one
 * template, `/orders/:param/items/:param`, so an inventory counts routes, not URLs. A segment becomes `:param` when
 * it looks like an identifier (digits, a UUID, a hex hash, a long token mixing letters and digits) or when too many
 * different values are seen in its place under the same prefix (slugs: `/products/blue-shoe`). Frequent literals
 * beside them stay literal (`/products/search` keeps `search` while the slugs fold into `/products/:param`).
 *
 * Everything is bounded, because the paths are a client's input and a scanner sends thousands of unique ones: at most
 * `maxChildren` literal children per prefix, `maxDepth` segments, and `maxTemplates` templates in all (past that,
 * `(other)`).
 */

/** The placeholder for a segment that varies. */
export const PARAM = ':param';
/** Where traffic goes once the template cap is reached. */
export const OTHER = '(other)';

export interface TemplateOptions {
  /** Distinct literal values under one prefix before the rare ones fold into `:param`. Default 24. */
  maxChildren?: number;
  /** Segments kept; deeper paths end in `/*`. Default 12. */
  maxDepth?: number;
  /** Distinct templates at most; the rest are `(other)`. Default 2,000. */
  maxTemplates?: number;
  /**
   * When a prefix folds, a literal child keeps its place if it has at least this share of its siblings' requests
   * and ten times the median sibling's (`search` beside thousands of product slugs). Default 0.05.
   */
  keepShare?: number;
}

export const DEFAULT_TEMPLATE_OPTIONS: Required<TemplateOptions> = { maxChildren: 24, maxDepth: 12, maxTemplates: 2_000, keepShare: 0.05 };

const NUMBER = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]{16,}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A long token with both letters and digits (base64url ids, ULIDs, short hashes). */
const TOKEN = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{20,}$/;

/** True for a segment that is an identifier by its shape alone. */
export function looksLikeId(segment: string): boolean {
  return NUMBER.test(segment) || UUID.test(segment) || HEX.test(segment) || DATE.test(segment) || TOKEN.test(segment);
}

interface Node {
  children: Map<string, Node>;
  param: Node | undefined;
  /** Requests that passed through this node. */
  hits: number;
  /** Once folded, new literals go to `param` unless they are already a kept child. */
  folded: boolean;
  /** A template ends here (the path stopped at this node). */
  end: boolean;
}

const node = (): Node => ({ children: new Map(), param: undefined, hits: 0, folded: false, end: false });

/**
 * Learns templates from the paths it sees. `observe` returns the template a path belongs to now; templates can
 * become coarser as more traffic arrives (a prefix folds), and `canonical` maps a template recorded earlier to the
 * one it is part of today.
 * @example
 *   const t = new TemplateInferrer();
 *   t.observe('GET', '/orders/8812/items/3'); // 'GET /orders/:param/items/:param'
 */
export class TemplateInferrer {
  private readonly options: Required<TemplateOptions>;
  private readonly roots = new Map<string, Node>();
  private templates = 0;
  private nodes = 0;

  constructor(options: TemplateOptions = {}) {
    this.options = { ...DEFAULT_TEMPLATE_OPTIONS, ...options };
  }

  /** Distinct templates so far (bounded by `maxTemplates`). */
  get size(): number {
    return this.templates;
  }

  /** Trie nodes held: what the memory bound is about. */
  get nodeCount(): number {
    return this.nodes;
  }

  /** `METHOD /template`, or `(other)` once the template cap is reached. */
  observe(method: string, path: string): string {
    const m = method.toUpperCase();
    // At the cap nothing new is built: a path that needs a new node is (other), so a scanner costs no memory.
    const full = this.templates >= this.options.maxTemplates;
    let root = this.roots.get(m);
    if (root === undefined) {
      if (full) return OTHER;
      root = this.node();
      this.roots.set(m, root);
    }
    const segments = splitPath(path);
    const out: string[] = [];
    let at = root;
    at.hits++;
    for (let i = 0; i < segments.length; i++) {
      if (i >= this.options.maxDepth) {
        out.push('*');
        break;
      }
      const next = this.step(at, segments[i]!, full);
      if (next === undefined) return OTHER;
      out.push(next.label);
      at = next.node;
      at.hits++;
    }
    if (!at.end) {
      if (full) return OTHER;
      at.end = true;
      this.templates++;
    }
    return `${m} /${out.join('/')}`;
  }

  /** The template today of a template (or path) recorded earlier, without counting it as traffic. */
  canonical(template: string): string {
    if (template === OTHER) return OTHER;
    const space = template.indexOf(' ');
    const method = template.slice(0, space);
    const root = this.roots.get(method);
    if (root === undefined) return template;
    const out: string[] = [];
    let at: Node | undefined = root;
    for (const segment of splitPath(template.slice(space + 1))) {
      if (at === undefined || segment === '*') {
        out.push(segment);
        at = undefined;
        continue;
      }
      const literal: Node | undefined = segment === PARAM ? undefined : at.children.get(segment);
      if (literal !== undefined) {
        out.push(segment);
        at = literal;
      } else if (segment === PARAM || at.folded || looksLikeId(segment)) {
        out.push(PARAM);
        at = at.param;
      } else {
        out.push(segment);
        at = undefined;
      }
    }
    return `${method} /${out.join('/')}`;
  }

  private step(at: Node, segment: string, full: boolean): { label: string; node: Node } | undefined {
    const literal = at.children.get(segment);
    if (literal !== undefined) return { label: segment, node: literal };
    if (!looksLikeId(segment) && !at.folded) {
      if (at.children.size < this.options.maxChildren) {
        if (full) return undefined;
        const child = this.node();
        at.children.set(segment, child);
        return { label: segment, node: child };
      }
      this.fold(at);
    }
    if (at.param === undefined) {
      if (full) return undefined;
      at.param = this.node();
    }
    return { label: PARAM, node: at.param };
  }

  private node(): Node {
    this.nodes++;
    return node();
  }

  /** Too many literals under `at`: the rare ones merge into its `:param` child; the frequent ones stay. */
  private fold(at: Node): void {
    const hits = [...at.children.values()].map((c) => c.hits).sort((a, b) => a - b);
    const total = hits.reduce((n, h) => n + h, 0);
    const median = hits[Math.floor(hits.length / 2)] ?? 0;
    at.param ??= this.node();
    for (const [name, child] of at.children) {
      if (total > 0 && child.hits / total >= this.options.keepShare && child.hits >= 10 * median) continue;
      this.merge(at.param, child);
      at.children.delete(name);
    }
    at.folded = true;
  }

  /** Moves `from`'s counts and subtree into `into`; templates that become one are counted once. */
  private merge(into: Node, from: Node): void {
    this.nodes--;
    into.hits += from.hits;
    if (from.end) {
      if (into.end) this.templates--;
      else into.end = true;
    }
    for (const [name, child] of from.children) {
      const existing = into.children.get(name);
      if (existing === undefined) into.children.set(name, child);
      else this.merge(existing, child);
    }
    if (from.param !== undefined) {
      if (into.param === undefined) into.param = from.param;
      else this.merge(into.param, from.param);
    }
    into.folded ||= from.folded;
  }
}

/** `/a//b/?x` → `['a', 'b']`: the query is dropped, empty segments too. */
function splitPath(path: string): string[] {
  const q = path.search(/[?#]/);
  return (q === -1 ? path : path.slice(0, q)).split('/').filter((s) => s !== '');
}
