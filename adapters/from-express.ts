import { AdapterError, AdapterErrorCode } from './errors.js';
import { createLambdaHandler, type LambdaHttpHandler } from './handler.js';
import { runNodeHandler, type NodeHandler } from './node/run.js';
import { resolveOptions, type AdapterOptions } from './options.js';

/**
 * An Express application or `express.Router()`: both are `(req, res, next)` functions with a `handle` method.
 * (Parameters typed `never` so Express's own, narrower request types are accepted.)
 */
export type ExpressLike = ((req: never, res: never, next: never) => unknown) & {
  handle?: unknown;
  set?: unknown;
  listen?: unknown;
  stack?: unknown;
};

function isApp(app: ExpressLike): boolean {
  return typeof app.handle === 'function' && typeof app.set === 'function' && typeof app.listen === 'function';
}

function isRouter(app: ExpressLike): boolean {
  return Array.isArray(app.stack) && typeof app.handle === 'function';
}

/**
 * A router alone has no `req.query`, `res.json` or error page: Express adds those when an app runs it. Mount it on a
 * fresh app (Express's defaults), importing `express` only then, from the function's own dependencies.
 */
async function appFor(router: ExpressLike): Promise<NodeHandler> {
  let express: () => ExpressLike & { use: (handler: unknown) => unknown };
  try {
    const mod = (await import('express')) as unknown as { default: typeof express };
    express = mod.default;
  } catch (cause) {
    throw new AdapterError(AdapterErrorCode.UNSUPPORTED_APP, 'fromExpress was given a Router: install "express" to run it', { cause });
  }
  const app = express();
  app.use(router);
  return app as unknown as NodeHandler;
}

/**
 * A Lambda handler from an Express application or Router (Express 4 or 5).
 * @example
 *   import express from 'express';
 *   import { fromExpress } from '@strangler-toolkit/strangler/adapters';
 *   import { catalogRouter } from '../catalog.js';
 *   const app = express();
 *   app.use('/catalog', catalogRouter());
 *   export const handler = fromExpress(app);
 */
export function fromExpress(appOrRouter: ExpressLike, options?: AdapterOptions): LambdaHttpHandler {
  if (typeof appOrRouter !== 'function' || !(isApp(appOrRouter) || isRouter(appOrRouter))) {
    throw new AdapterError(
      AdapterErrorCode.UNSUPPORTED_APP,
      'fromExpress needs an Express application (express()) or Router (express.Router()); use fromNodeHandler for a plain (req, res) function',
    );
  }
  const resolved = resolveOptions(options);
  if (isApp(appOrRouter)) {
    const app = appOrRouter as unknown as NodeHandler;
    return createLambdaHandler((request, invocation) => runNodeHandler(app, request, invocation), resolved);
  }
  let app: Promise<NodeHandler> | undefined;
  return createLambdaHandler(async (request, invocation) => {
    app ??= appFor(appOrRouter).catch((err: unknown) => {
      app = undefined;
      throw err;
    });
    return runNodeHandler(await app, request, invocation);
  }, resolved);
}
