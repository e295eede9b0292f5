import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as a user gets it: `npm pack`, then installed into a fresh project outside the repository.
 *
 * The install unpacks the tarball where npm puts it (node_modules/@strangler-toolkit/strangler), links the bin as
 * npm does, and, for the application project, links each runtime dependency to the repository's installed copy
 * (the machine may have no registry or npm cache; no npm command ever runs inside these projects, so nothing can
 * touch the shared node_modules). The function-only project gets no dependencies at all: function code that imports
 * the adapters must work with the package alone.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE = '@strangler-toolkit/strangler';
const EVENT = readFileSync(join(ROOT, 'test/fixtures/events/api-gateway-v2.json'), 'utf8');
/** What a Lambda function bundle must never pull in through the adapters: the proxy's dependencies. */
const PROXY_ONLY = [
  'fastify',
  'undici',
  '@aws-sdk/',
  'better-sqlite3',
  'pg',
  '@launchdarkly/',
  'pino',
  'prom-client',
  'http-proxy',
  'cockatiel',
  'find-my-way',
  'yaml',
  'zod',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/exporter-trace-otlp-http',
];

let work: string;
let tarball: string;
let files: string[];
let packageJson: { name: string; bin: Record<string, string>; dependencies: Record<string, string>; exports: Record<string, unknown> };

function run(command: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh project with the package unpacked into its node_modules and its bin linked; `deps` also links dependencies. */
function install(name: string, deps: boolean): string {
  const project = join(work, name);
  const target = join(project, 'node_modules', PACKAGE);
  mkdirSync(target, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }));
  expect(run('tar', ['xzf', tarball, '--strip-components=1', '-C', target], project).status).toBe(0);
  for (const [bin, path] of Object.entries(packageJson.bin)) {
    mkdirSync(join(project, 'node_modules/.bin'), { recursive: true });
    chmodSync(join(target, path), 0o755);
    symlinkSync(relative(join(project, 'node_modules/.bin'), join(target, path)), join(project, 'node_modules/.bin', bin));
  }
  if (deps) {
    for (const dep of Object.keys(packageJson.dependencies)) {
      const link = join(project, 'node_modules', dep);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', dep), link, 'dir');
    }
  }
  return project;
}

/** Runs an ES module snippet in `project`, as its own code would import the package. */
function node(project: string, code: string): { status: number | null; stdout: string; stderr: string } {
  const file = join(project, `snippet-${Date.now()}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, code);
  return run(process.execPath, [file], project);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'strangler-tarball-'));
  // dist/ is fresh (the global setup builds it), so the prepare script is not needed here.
  const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
  expect(packed.status, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, info!.filename);
  files = info!.files.map((f) => f.path);
  packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as typeof packageJson;
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('packs the built code under the scoped name, without sources or tests', () => {
    expect(packageJson.name).toBe(PACKAGE);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/adapters/index.js',
        'dist/proxy/index.js',
        'dist/cli/main.js',
        'dist/lambda-runtime/bootstrap/main.js',
      ]),
    );
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('dist/test/') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
  });
});

describe('function code: the package alone, no dependencies installed', () => {
  it('imports the adapters subpath and answers an API Gateway event', () => {
    const project = install('fn', false);
    const out = node(
      project,
      `import { fromNodeHandler } from '${PACKAGE}/adapters';
const handler = fromNodeHandler((req, res) => { res.setHeader('content-type', 'text/plain'); res.end('hello ' + req.url); });
const result = await handler(${EVENT}, { awsRequestId: 'r1', getRemainingTimeInMillis: () => 1000 });
console.log(JSON.stringify(result));`,
    );
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const result = JSON.parse(out.stdout) as { statusCode: number; body: string; headers: Record<string, string> };
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('text/plain');
    expect(result.body).toMatch(/^hello \//);
    // The root entry (the proxy) does need its dependencies: the projects really are apart from the repository's.
    expect(node(project, `await import('${PACKAGE}');`).stderr).toMatch(/Cannot find package/);
  }, 60_000);

  it("the adapters' import graph in the installed dist/ reaches no proxy dependency", () => {
    const entry = join(work, 'fn/node_modules', PACKAGE, 'dist/adapters/index.js');
    const seen = new Set<string>();
    const bare = new Map<string, string>();
    const queue = [entry];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      // Without comments: JSDoc examples show imports the code does not make.
      const source = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      // Static imports and re-exports, side-effect imports and dynamic import('...') alike.
      for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec));
        else if (!spec.startsWith('node:')) bare.set(spec, relative(join(work, 'fn/node_modules', PACKAGE), file));
      }
    }
    expect(seen.size).toBeGreaterThan(10);
    for (const file of seen) expect(existsSync(file), file).toBe(true);
    const heavy = [...bare.keys()].filter((spec) => PROXY_ONLY.some((p) => spec === p || spec.startsWith(p.endsWith('/') ? p : `${p}/`)));
    expect(heavy, JSON.stringify(Object.fromEntries(bare))).toEqual([]);
    // What it may load on demand: express for a bare Router, OpenTelemetry's API for a traced invocation.
    expect([...bare.keys()].sort()).toEqual(['@opentelemetry/api', '@opentelemetry/core', 'express']);
  });
});

describe('an application: the package with its dependencies', () => {
  it('imports the root and the adapters, and runs the strangler bin', () => {
    const project = install('app', true);
    const out = node(
      project,
      `const root = await import('${PACKAGE}');
const adapters = await import('${PACKAGE}/adapters');
const runtime = await import('${PACKAGE}/lambda-runtime');
console.log(JSON.stringify([typeof root.createPlanProxy, typeof root.loadPlanFile, typeof adapters.fromExpress, typeof runtime.startLambdaService]));`,
    );
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toEqual(['function', 'function', 'function', 'function']);

    const help = run(join(project, 'node_modules/.bin/strangler'), ['--help'], project);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/lambda serve/);
    expect(help.stdout).toMatch(/plan validate/);
  }, 90_000);
});
