import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../proxy/plan/fixtures.js';

/**
 * Pages other engineers are writing at the same time as the README split (issue 15): the README's index links them
 * already, and the lead checks at merge that each one landed. Remove a name once its page is on main.
 */
export const EXPECTED_PAGES = new Set<string>([]);

/** The repository's Markdown that links to each other: the README, docs/ and the benchmark notes. */
export function markdownPages(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  return ['README.md', 'bench/README.md', ...docs.sort()];
}

/** GitHub's heading anchor: lower case, punctuation dropped (word characters, `-` and spaces kept), spaces to `-`. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

/** A page's headings outside fenced code blocks (a `# comment` in a YAML or shell block is not a heading). */
export function headings(text: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    else if (!fenced) {
      const m = /^#{1,6} (.*)$/.exec(line);
      if (m) out.push(m[1]!);
    }
  }
  return out;
}

/** The anchors a page defines, numbered as GitHub numbers repeats (`x`, `x-1`, `x-2`). */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const h of headings(text)) {
    const base = slug(h);
    const n = seen.get(base);
    seen.set(base, n === undefined ? 0 : n + 1);
    out.add(n === undefined ? base : `${base}-${n + 1}`);
  }
  return out;
}

/** Inline links `[label](target)` outside fenced code blocks, with their line numbers. */
export function links(text: string): Array<{ line: number; target: string }> {
  const out: Array<{ line: number; target: string }> = [];
  let fenced = false;
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('```')) fenced = !fenced;
    else if (!fenced) for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) out.push({ line: i + 1, target: m[1]! });
  });
  return out;
}

export const read = (page: string): string => readFileSync(join(ROOT, page), 'utf8');
