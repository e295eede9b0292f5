/**
 * The monolith's own route table (`strangler analyze --app MODULE`), so candidate functions follow the app's own
 * modules. The contract (docs/analyze.md "Reading the app's route table"): MODULE is a JavaScript file, optionally
 * followed by `#EXPORT` (default: the default export). The export is an Express 5 app, a Fastify 5 instance that is
 * not ready yet, or a function (called with no arguments) returning one or a promise of an Express app. Nothing is
 * listened on. (A promise of a Fastify instance resolves only once it is ready: its routes are then all read from
 * printRoutes, under module `app`.)
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AnalyzeError, ANALYZE_ERROR_CODES } from '../analyze/errors.js';
import { expressRoutes, isExpressApp } from './express.js';
import { fastifyRoutes, isFastifyApp } from './fastify.js';
import type { AppRoute } from './types.js';

export type { AppRoute } from './types.js';
export { expressRoutes, isExpressApp } from './express.js';
export { fastifyRoutes, isFastifyApp, parsePrintRoutes } from './fastify.js';

/**
 * @example
 *   await loadAppRoutes('dist/examples/shop/app.js#createShopApp');
 */
export async function loadAppRoutes(spec: string, cwd = process.cwd()): Promise<AppRoute[]> {
  const hash = spec.lastIndexOf('#');
  const file = hash === -1 ? spec : spec.slice(0, hash);
  const name = hash === -1 ? 'default' : spec.slice(hash + 1);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolve(cwd, file)).href)) as Record<string, unknown>;
  } catch (err) {
    throw new AnalyzeError(ANALYZE_ERROR_CODES.appUnreadable, `--app ${spec}: cannot import ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (!(name in module)) {
    const names = Object.keys(module).join(', ') || 'none';
    throw new AnalyzeError(
      ANALYZE_ERROR_CODES.appUnreadable,
      `--app ${spec}: ${file} has no export "${name}" (its exports: ${names}); name one with ${file}#EXPORT`,
    );
  }
  let app = module[name];
  if (typeof app === 'function' && !isExpressApp(app) && !isFastifyApp(app)) {
    try {
      app = (app as () => unknown)();
      // Only a real promise is awaited: a Fastify instance is a thenable, and awaiting it would make it ready
      // (plugins loaded) before its routes could be hooked.
      if (app instanceof Promise) app = await app;
    } catch (err) {
      throw new AnalyzeError(ANALYZE_ERROR_CODES.appUnreadable, `--app ${spec}: calling the factory "${name}" failed: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  if (isExpressApp(app)) return expressRoutes(app);
  if (isFastifyApp(app)) return fastifyRoutes(app);
  throw new AnalyzeError(
    ANALYZE_ERROR_CODES.appUnreadable,
    `--app ${spec}: export "${name}" is neither an Express app, a Fastify instance, nor a function returning one`,
  );
}
