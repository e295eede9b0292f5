import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../proxy/plan/fixtures.js';
import { headings, markdownPages, read } from './markdown.js';

/** The headings of the 1,800-line README before it was cut into docs/ pages (issue 15). */
const OLD_HEADINGS: string[] = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/docs/readme-headings-2026-12.json'), 'utf8'));

describe('the README split lost no section', () => {
  it('every heading of the old README is a heading of the README or of a docs/ page', () => {
    const now = new Set(markdownPages().flatMap((p) => headings(read(p))));
    expect(OLD_HEADINGS.length).toBeGreaterThan(50); // positive control: the old list is the whole README's
    expect(OLD_HEADINGS.filter((h) => h !== 'Reference' && !now.has(h))).toEqual([]);
  });
});
