import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadPlanFile, PlanError, type PlanProblem } from '../../../proxy/plan/index.js';
import { fixture, INVALID, ROOT, VALID } from './fixtures.js';

function problemsOf(file: string): PlanProblem[] {
  try {
    loadPlanFile(join(ROOT, file));
  } catch (err) {
    expect(err).toBeInstanceOf(PlanError);
    expect((err as PlanError).code).toBe('STRANGLER_PLAN_INVALID');
    return (err as PlanError).problems;
  }
  throw new Error(`${file} loaded without problems`);
}

describe('plan fixtures', () => {
  it('covers every fixture file in test/fixtures/plans', () => {
    const files = readdirSync(join(ROOT, 'test/fixtures/plans')).sort();
    expect(files).toEqual([...VALID, ...INVALID.map(([f]) => f)].sort());
  });

  it.each(VALID)('%s is valid', (name) => {
    expect(() => loadPlanFile(join(ROOT, fixture(name)))).not.toThrow();
  });

  it.each(INVALID)('%s reports each problem at its line, column and field path', (name, expected) => {
    const problems = problemsOf(fixture(name));
    // Exactly these problems, in source order: nothing missing, nothing extra.
    expect(problems.map((p) => `${p.line}:${p.col} ${p.path}`)).toEqual(expected.map(([at]) => at));
    problems.forEach((p, i) => expect(p.message).toContain(expected[i]![1]));
    for (const p of problems) expect(formatProblem(p)).toBe(`${join(ROOT, fixture(name))}:${p.line}:${p.col} ${p.path}: ${p.message}`);
  });
});

describe('the full fixture', () => {
  it('sets every top-level section, and the values come through', () => {
    const { plan } = loadPlanFile(join(ROOT, fixture('valid-full.yaml')));
    expect(plan).toMatchObject({
      monolith: { url: 'https://monolith.internal:8443/', timeoutMs: 15000, preserveHost: false, maxSockets: 64 },
      listen: { host: '0.0.0.0', port: 8081 },
      admin: { port: 9902, tokenEnv: 'STRANGLER_ADMIN_TOKEN' },
      lambda: { region: 'eu-west-1', endpoint: 'http://127.0.0.1:9001', maxAttempts: 2 },
      server: { responseHeaders: false, gracePeriodMs: 5000, logLevel: 'warn' },
      routing: { caseSensitive: true, trailingSlash: 'strict', mergeSlashes: false, encodedSlashes: 'keep' },
      flags: { source: 'file', path: 'flags.json', context: { kind: 'customer', key: { from: 'cookie', name: 'session_id' } } },
      shadow: { maxConcurrent: 16, store: { path: ':memory:' }, defaults: { sampleRate: 0.5 } },
      inventory: { enabled: true, retention: '36h' },
    });
    expect((plan.functions as Array<{ name: string }>).map((f) => f.name)).toEqual(['catalog', 'legacy-report']);
    expect(plan.routes[0]).toMatchObject({
      id: 'catalog-detail',
      match: { methods: ['GET', 'HEAD'], path: '/products/:id', caseSensitive: false, trailingSlash: 'ignore' },
      function: { name: 'catalog', qualifier: 'live' },
      stage: 'live',
      payloadFormat: '1.0',
      timeoutMs: 3000,
      flag: { key: 'catalog-detail-flag' },
      fallback: { idempotencyKey: true, onStatus: [502, 503], breaker: { failureRatio: 0.25 } },
      shadow: { sampleRate: 0.1, unsafe: 'dry-run' },
      gates: { complete: { minSamples: 1000 } },
    });
    // Every key the file sets is a known one (the schema is strict), so the test above would fail on a rename.
    expect(Object.keys(plan).sort()).toEqual([
      '$schema',
      'admin',
      'flags',
      'functions',
      'inventory',
      'lambda',
      'listen',
      'monolith',
      'routes',
      'routing',
      'server',
      'shadow',
    ]);
  });

  it('the minimal fixture gets every default', () => {
    const { plan } = loadPlanFile(join(ROOT, fixture('valid-minimal.yaml')));
    expect(plan).toMatchObject({
      monolith: { url: 'http://127.0.0.1:3000', timeoutMs: 30000, preserveHost: true, maxSockets: 256 },
      listen: { host: '127.0.0.1', port: 8080 },
      admin: { host: '127.0.0.1', port: 9901 },
      lambda: { region: 'us-east-1', maxAttempts: 1 },
      server: { responseHeaders: true, gracePeriodMs: 10000, logLevel: 'info' },
      flags: { source: 'static' },
      functions: [],
      routes: [],
    });
    expect(plan.lambda.endpoint).toBeUndefined();
  });
});
