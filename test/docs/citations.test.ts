import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../proxy/plan/fixtures.js';
import { EXPECTED_PAGES } from './markdown.js';

/** Folders that are not the repository's own text (installed, built, generated at run time). */
const SKIP = new Set(['node_modules', 'dist', '.git', 'coverage', 'test-artifacts', '.strangler']);

/** Every file of the working tree, as the repository ships it (no git needed: CI also runs in a plain copy). */
function repositoryFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...repositoryFiles(path));
    else if (entry.isFile()) out.push(relative(ROOT, path));
  }
  return out;
}

describe('docs the code cites', () => {
  const files = repositoryFiles().filter((f) => /\.(ts|mjs|js|md)$/.test(f));

  // Spelled in two parts so this file does not match itself.
  const outside = ['..', 'shared', ''].join('/');

  it('reads the repository itself (positive control: the walk finds the README and the sources)', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/lambda-http.md', join('proxy', 'plan', 'env.ts')]));
  });

  it('nothing cites a file outside the repository (the folder beside the checkout)', () => {
    const offenders = files.filter((f) => readFileSync(join(ROOT, f), 'utf8').includes(outside));
    expect(offenders).toEqual([]);
  });

  it('every docs/*.md page a file cites exists', () => {
    const missing: string[] = [];
    for (const f of files) {
      for (const [, page] of readFileSync(join(ROOT, f), 'utf8').matchAll(/\bdocs\/([\w-]+\.md)/g)) {
        if (!existsSync(join(ROOT, 'docs', page!)) && !EXPECTED_PAGES.has(`docs/${page}`)) missing.push(`${f}: docs/${page}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
