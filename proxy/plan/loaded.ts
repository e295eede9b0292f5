import { isAbsolute, resolve } from 'node:path';
// Type only: a reader of LoadedPlan (lambda-runtime) does not load the plan schema.
import type { Plan } from './schema.js';

/** A validated plan and where it came from: relative paths inside it resolve against `dir`. */
export interface LoadedPlan {
  plan: Plan;
  file: string;
  dir: string;
  /** Values of secret-named environment variables substituted into the plan (see env.ts): never print them. */
  secrets?: readonly string[];
}

/** A path written in the plan, resolved against the plan file's folder. */
export function resolvePlanPath(loaded: Pick<LoadedPlan, 'dir'>, path: string): string {
  return isAbsolute(path) ? path : resolve(loaded.dir, path);
}
