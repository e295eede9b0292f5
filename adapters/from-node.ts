import { AdapterError, AdapterErrorCode } from './errors.js';
import { createLambdaHandler, type LambdaHttpHandler } from './handler.js';
import { runNodeHandler, type NodeHandler } from './node/run.js';
import { resolveOptions, type AdapterOptions } from './options.js';

/**
 * A Lambda handler from a Node request listener `(req, res) => ...` (what `http.createServer` takes). The handler
 * gets a real `IncomingMessage`/`ServerResponse` pair backed by memory, and the Lambda invocation resolves as soon
 * as the response is finished.
 * @example
 *   import { fromNodeHandler } from '@strangler-toolkit/strangler/adapters';
 *   export const handler = fromNodeHandler((req, res) => {
 *     res.setHeader('content-type', 'application/json');
 *     res.end(JSON.stringify({ path: req.url }));
 *   });
 */
export function fromNodeHandler(handler: NodeHandler, options?: AdapterOptions): LambdaHttpHandler {
  if (typeof handler !== 'function') {
    throw new AdapterError(AdapterErrorCode.UNSUPPORTED_APP, `fromNodeHandler needs a (req, res) function, got ${typeof handler}`);
  }
  const resolved = resolveOptions(options);
  return createLambdaHandler((request, invocation) => runNodeHandler(handler, request, invocation), resolved);
}
