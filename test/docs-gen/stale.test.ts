import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS_COMMAND, GENERATED_PAGES } from '../../docs-gen/index.js';
import { ROOT } from '../proxy/plan/fixtures.js';

describe('generated reference pages are up to date', () => {
  it('covers the plan, metrics, CLI and error-code references', () => {
    expect(GENERATED_PAGES.map((p) => p.path)).toEqual(['docs/plan-reference.md', 'docs/metrics.md', 'docs/cli.md', 'docs/errors.md']);
  });

  it.each(GENERATED_PAGES.map((p) => [p.path, p] as const))('%s matches what its source generates', async (path, page) => {
    const committed = readFileSync(join(ROOT, path), 'utf8');
    const fresh = await page.generate();
    // prepare: the header tells editors not to edit; act/assert: a stale page names the command that rewrites it
    expect(committed).toContain(`run \`${DOCS_COMMAND}\``);
    expect(committed === fresh, `${path} is stale: run \`${DOCS_COMMAND}\` and commit the result`).toBe(true);
  });
});
