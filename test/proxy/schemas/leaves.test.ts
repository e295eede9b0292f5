import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../plan/fixtures.js';

/** Relative imports of a source or built file, resolved to repository paths. */
function relativeImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map(([, spec]) => relative(ROOT, resolve(dirname(join(ROOT, file)), spec!)));
}

/** Every built file `entry` reaches through relative imports. */
function reach(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...relativeImports(file));
  }
  return seen;
}

describe.each(['proxy/errors', 'proxy/schemas'])('%s is a leaf', (folder) => {
  const files = readdirSync(join(ROOT, folder))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(folder, f));

  it('imports nothing from strangler outside itself', () => {
    expect(files.length).toBeGreaterThan(2);
    const outside = files.flatMap((f) =>
      relativeImports(f)
        .filter((target) => dirname(target) !== folder)
        .map((target) => `${f} -> ${target}`),
    );
    expect(outside).toEqual([]);
  });
});

describe('strangler/lambda-runtime', () => {
  it('does not load the proxy plan schema (its functions schema comes from the leaf)', () => {
    // dist/ is built by the test setup.
    expect(existsSync(join(ROOT, 'dist/lambda-runtime/index.js'))).toBe(true);
    const reached = reach('dist/lambda-runtime/index.js');
    expect(reached).toContain('dist/proxy/schemas/functions.js');
    expect(reached).not.toContain('dist/proxy/plan/schema.js');
    // Positive control: the proxy's entry does load it.
    expect(reach('dist/proxy/index.js')).toContain('dist/proxy/plan/schema.js');
  });
});
