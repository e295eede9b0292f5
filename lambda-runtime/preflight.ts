import { accessSync, constants, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ResolvedFunction } from './launch.js';

/** The file name extensions Lambda's Node runtime tries for a handler module, in its order. */
export const MODULE_EXTENSIONS = ['', '.js', '.mjs', '.cjs'] as const;

/**
 * Code that is missing at start-up is a warning, not a failure: Lambda accepts the configuration too and fails the
 * invocation (Runtime.ImportModuleError, Runtime.InvalidEntrypoint), and the code may be built after the service
 * starts. The warning names the path so the mistake is found before the first call.
 */
export function warnAboutMissingCode(functions: readonly ResolvedFunction[], logger: Logger): void {
  for (const fn of functions) {
    const problem = missingCode(fn);
    if (problem !== undefined) logger.warn({ function: fn.name }, problem);
  }
}

/** Why the function's code cannot run as configured, or undefined when it looks fine. */
export function missingCode(fn: ResolvedFunction): string | undefined {
  if (fn.runtimeClient === 'bootstrap') {
    if (!existsSync(fn.entrypoint)) return `bootstrap ${fn.entrypoint} does not exist: invocations will fail with Runtime.InvalidEntrypoint`;
    try {
      accessSync(fn.entrypoint, constants.X_OK);
    } catch {
      return `bootstrap ${fn.entrypoint} is not executable (chmod +x): invocations will fail with Runtime.InvalidEntrypoint`;
    }
    return undefined;
  }
  const module = fn.env._HANDLER!.split('.')[0]!;
  const base = join(fn.cwd, module);
  if (MODULE_EXTENSIONS.some((ext) => existsSync(base + ext))) return undefined;
  return `handler module ${base}{.js,.mjs,.cjs} does not exist: invocations will fail with Runtime.ImportModuleError`;
}
