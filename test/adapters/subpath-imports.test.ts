import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every module `strangler/adapters` loads, following static imports from adapters/index.ts. */
function importGraph(): { files: string[]; bare: Map<string, string>; dynamic: Map<string, string> } {
  const files: string[] = [];
  const bare = new Map<string, string>();
  const dynamic = new Map<string, string>();
  const queue = [join(root, 'adapters/index.ts')];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    const source = readFileSync(file, 'utf8');
    // `import type` and `export type` disappear at compile time.
    for (const match of source.matchAll(/^(?:import|export)(?!\s+type\b)[^;]*?from\s+'([^']+)'/gm)) {
      const spec = match[1]!;
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else bare.set(spec, relative(root, file));
    }
    for (const match of source.matchAll(/import\('([^']+)'\)/g)) dynamic.set(match[1]!, relative(root, file));
  }
  return { files: files.map((f) => relative(root, f)), bare, dynamic };
}

describe('strangler/adapters stays small', () => {
  const graph = importGraph();

  it('is exported as a subpath of the package', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { default: string }> };
    expect(pkg.exports['./adapters']?.default).toBe('./dist/adapters/index.js');
  });

  it('loads only its own files and the errors leaf (proxy/errors/)', () => {
    const outside = graph.files.filter((f) => !f.startsWith('adapters/'));
    expect(outside).toContain('proxy/errors/strangler-error.ts');
    expect(outside.filter((f) => !f.startsWith('proxy/errors/'))).toEqual([]);
  });

  it('loads no web framework, logger or AWS SDK: only Node built-ins', () => {
    expect([...graph.bare.keys()].filter((spec) => !spec.startsWith('node:'))).toEqual([]);
  });

  it('imports express only on demand (a bare Router), and OpenTelemetry only for an invocation with a traceparent', () => {
    expect([...graph.dynamic.keys()].sort()).toEqual(['@opentelemetry/api', '@opentelemetry/core', 'express']);
  });
});
