import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../proxy/plan/fixtures.js';
import { read } from './markdown.js';

const PACKAGE = '@strangler-toolkit/strangler';

interface Listed {
  entry: string;
  name: string;
  kind: string;
}

/** The names docs/api.md lists, per entry point (`## \`@strangler-toolkit/strangler/adapters\`` then a table). */
function listedNames(): Listed[] {
  const out: Listed[] = [];
  let entry: string | undefined;
  for (const line of read('docs/api.md').split('\n')) {
    const heading = /^## `(@strangler-toolkit\/strangler[^`]*)`$/.exec(line);
    if (heading) entry = heading[1];
    const row = /^\| `([\w$]+)` \| (function|class|constant|type) \|/.exec(line);
    if (row && entry !== undefined) out.push({ entry, name: row[1]!, kind: row[2]! });
  }
  return out;
}

/**
 * A project folder that depends on the package as users install it: node_modules/@strangler-toolkit/strangler links
 * the repository, so imports resolve through package.json `exports` to the built dist/ (test/global-setup.ts
 * builds it), never to the sources.
 */
let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'strangler-api-'));
  mkdirSync(join(project, 'node_modules', '@strangler-toolkit'), { recursive: true });
  symlinkSync(ROOT, join(project, 'node_modules', '@strangler-toolkit', 'strangler'), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'api-check', type: 'module', private: true }));
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

const entries = (listed: Listed[]): string[] => [...new Set(listed.map((l) => l.entry))];

describe('the public API (docs/api.md) is what the built package exports', () => {
  const listed = listedNames();

  it('reads the page (positive control: three entry points, the names users start from)', () => {
    expect(entries(listed)).toEqual([PACKAGE, `${PACKAGE}/adapters`, `${PACKAGE}/lambda-runtime`]);
    const root = listed.filter((l) => l.entry === PACKAGE).map((l) => l.name);
    expect(root).toEqual(
      expect.arrayContaining([
        'createPlanProxy',
        'createProxy',
        'watchPlan',
        'loadPlanFile',
        'ClassifyHook',
        'Classification',
        'LambdaFailure',
        'LAMBDA_FAILURES',
        'AdminPlugin',
      ]),
    );
  });

  it('every value listed is exported by its entry point, every exported value is listed, and internals are not exported', () => {
    // act: a real `node` resolving the package by name, as a user's code does
    const script = `const out = {};\nfor (const e of ${JSON.stringify(entries(listed))}) out[e] = Object.keys(await import(e)).sort();\nprocess.stdout.write(JSON.stringify(out));\n`;
    writeFileSync(join(project, 'exports.mjs'), script);
    const run = spawnSync(process.execPath, ['exports.mjs'], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const exported = JSON.parse(run.stdout) as Record<string, string[]>;
    for (const entry of entries(listed)) {
      const values = listed
        .filter((l) => l.entry === entry && l.kind !== 'type')
        .map((l) => l.name)
        .sort();
      expect({ entry, exported: exported[entry] }).toEqual({ entry, exported: values });
    }
    for (const internal of ['dispatch', 'Exchange', 'MonolithTarget', 'createTargets', 'buildRouter']) expect(exported[PACKAGE]).not.toContain(internal);
  });

  it('every name listed (types included) type-checks as an import from its entry point', () => {
    const lines = entries(listed).map((entry) => {
      const names = listed.filter((l) => l.entry === entry).map((l) => l.name);
      return `import type { ${names.join(', ')} } from '${entry}';`;
    });
    // `import type` of each name is enough for tsc to report "has no exported member" for a missing one.
    writeFileSync(join(project, 'types.ts'), `${lines.join('\n')}\n`);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          skipLibCheck: true,
          noUnusedLocals: false,
          typeRoots: [join(ROOT, 'node_modules', '@types')],
          types: ['node'],
        },
        files: ['types.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});
