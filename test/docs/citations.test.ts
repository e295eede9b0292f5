import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../proxy/plan/fixtures.js';

/** Every file git tracks (or would add), as the repository ships it. */
function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\n').filter((f) => f !== '' && existsSync(join(ROOT, f)));
}

describe('docs the code cites', () => {
  const files = trackedFiles().filter((f) => /\.(ts|mjs|js|md)$/.test(f));

  // Spelled in two parts so this file does not match itself.
  const outside = ['..', 'shared', ''].join('/');

  it('nothing cites a file outside the repository (the folder beside the checkout)', () => {
    const offenders = files.filter((f) => readFileSync(join(ROOT, f), 'utf8').includes(outside));
    expect(offenders).toEqual([]);
  });

  it('every docs/*.md page a file cites exists', () => {
    const missing: string[] = [];
    for (const f of files) {
      for (const [, page] of readFileSync(join(ROOT, f), 'utf8').matchAll(/\bdocs\/([\w-]+\.md)/g)) {
        if (!existsSync(join(ROOT, 'docs', page!))) missing.push(`${f}: docs/${page}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
