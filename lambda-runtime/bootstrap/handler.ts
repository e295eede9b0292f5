import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importModuleError, RuntimeError, userCodeSyntaxError } from './errors.js';

/**
 * Loads `_HANDLER` (`dir/module.export.nested`) from `LAMBDA_TASK_ROOT` the way Lambda's Node runtime does: the module
 * is the file name up to the first dot, tried as is and with `.js`, `.mjs`, `.cjs`, then as a package; ES modules
 * through import(), CommonJS (`.cjs`) through require.
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 */

export type Handler = (event: unknown, context: unknown, callback?: (err?: unknown, result?: unknown) => void) => unknown;

const EXTENSIONS = ['', '.js', '.mjs', '.cjs'];

export async function loadHandler(taskRoot: string, handlerString: string): Promise<Handler> {
  if (handlerString.includes('..')) {
    throw new RuntimeError(
      'Runtime.MalformedHandlerName',
      `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const name = basename(handlerString);
  const moduleRoot = handlerString.slice(0, handlerString.length - name.length);
  const match = /^([^.]*)\.(.*)$/.exec(name);
  if (!match) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const [, moduleName, exportPath] = match as unknown as [string, string, string];
  const module = await loadModule(taskRoot, moduleRoot, moduleName);
  let handler = find(module, exportPath);
  if (handler === undefined && module !== null && typeof module === 'object' && 'default' in module) {
    handler = find((module as { default: unknown }).default, exportPath);
  }
  if (handler === undefined) throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  if (typeof handler !== 'function') throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  return handler as Handler;
}

async function loadModule(taskRoot: string, moduleRoot: string, moduleName: string): Promise<unknown> {
  const base = resolve(taskRoot, moduleRoot, moduleName);
  const require = createRequire(join(taskRoot, 'noop.js'));
  try {
    for (const ext of EXTENSIONS) {
      const file = base + ext;
      if (!existsSync(file) || !statSync(file).isFile()) continue;
      return ext === '.cjs' ? require(file) : await import(pathToFileURL(file).href);
    }
    // Not a file: a package the task root can resolve (node_modules), as Lambda allows.
    return require(require.resolve(moduleName, { paths: [taskRoot, join(taskRoot, moduleRoot)] }));
  } catch (err) {
    if (err instanceof SyntaxError) throw userCodeSyntaxError(err);
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') throw importModuleError(err);
    throw err;
  }
}

function find(module: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (at, key) => (at !== null && (typeof at === 'object' || typeof at === 'function') ? (at as Record<string, unknown>)[key] : undefined),
      module,
    );
}
