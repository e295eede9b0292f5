import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PlanSchema, type LoadedPlan, type Plan, type PlanInput } from '../../proxy/plan/index.js';

type Overrides = Omit<Partial<PlanInput>, 'monolith'> & { monolith: PlanInput['monolith'] };

/**
 * The plan input tests start from: both listeners on 127.0.0.1 and port 0, plus what the test gives.
 * @example
 *   const input = testPlanInput({ monolith: { url: mono.url }, routes: [route('catalog', '/products')] });
 */
export function testPlanInput(overrides: Overrides): PlanInput {
  return {
    ...overrides,
    listen: { host: '127.0.0.1', port: 0, ...overrides.listen },
    admin: { host: '127.0.0.1', port: 0, ...overrides.admin },
  };
}

/** A validated plan (PlanSchema output) for `createProxy`, with test listeners (see testPlanInput). */
export function testPlan(overrides: Overrides): Plan {
  return PlanSchema.parse(testPlanInput(overrides));
}

/** A plan route: `route('catalog', '/products/:id', ['GET'])`. The function name is the id. */
export function route(id: string, path: string, methods?: string[], extra: Record<string, unknown> = {}): NonNullable<PlanInput['routes']>[number] {
  return { id, match: { path, ...(methods ? { methods: methods as never } : {}) }, function: { name: id }, ...extra };
}

export interface TempDir {
  dir: string;
  /** A path inside the directory. */
  path(name: string): string;
  /** Writes a plan file (an object is written as YAML) and returns its path. */
  writePlan(name: string, plan: PlanInput | string): string;
  remove(): void;
}

/** A fresh temporary directory (remove it in afterEach/afterAll). */
export function tempDir(prefix = 'strangler-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    path: (name) => join(dir, name),
    writePlan(name, plan) {
      const file = join(dir, name);
      writeFileSync(file, typeof plan === 'string' ? plan : stringify(plan));
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A LoadedPlan as `loadPlanFile` returns it, without a file on disk. */
export function loaded(plan: Plan, file = 'test-plan.yaml'): LoadedPlan {
  return { plan, file, dir: process.cwd() };
}
