import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../proxy/plan/fixtures.js';
import { anchors, EXPECTED_PAGES, links, markdownPages, read } from './markdown.js';

/** Every relative link of README.md, bench/README.md and docs/*.md: `FILE:LINE target` when it leads nowhere. */
function brokenLinks(pages: string[]): string[] {
  const broken: string[] = [];
  for (const page of pages) {
    for (const { line, target } of links(read(page))) {
      if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto: ... are not ours to check
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const file = path === '' ? page : normalize(join(dirname(page), path));
      if (EXPECTED_PAGES.has(file)) continue;
      if (!existsSync(join(ROOT, file))) {
        broken.push(`${page}:${line} ${target}: no file ${file}`);
        continue;
      }
      if (anchor !== undefined && file.endsWith('.md') && !anchors(read(file)).has(anchor)) {
        broken.push(`${page}:${line} ${target}: no heading #${anchor} in ${file}`);
      }
    }
  }
  return broken;
}

describe('links between the README and docs/', () => {
  it('finds the pages and their links (positive control: a made-up link is reported)', () => {
    const pages = markdownPages();
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'bench/README.md', 'docs/plans.md', 'docs/proxy.md']));
    expect(links(read('README.md')).map((l) => l.target)).toContain('docs/plans.md');
    expect(anchors(read('docs/production.md'))).toContain('workers---workers');
  });

  it('every relative link reaches an existing file, and its #anchor an existing heading', () => {
    expect(brokenLinks(markdownPages())).toEqual([]);
  });

  it('the README indexes every docs/ page', () => {
    const indexed = new Set(links(read('README.md')).map((l) => l.target.split('#')[0]));
    const missing = markdownPages().filter((p) => p.startsWith('docs/') && !indexed.has(p));
    expect(missing).toEqual([]);
  });

  it('the README stays short: set-up, walkthrough and an index (~300 lines)', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(300);
  });
});
