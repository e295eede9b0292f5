/**
 * `@strangler-toolkit/strangler/adapters`: run extracted monolith code (a Node handler, an Express app or router, a Fastify app) as
 * one Lambda function behind API Gateway (payload 1.0 and 2.0), an ALB (either header mode) or a Function URL.
 * This entry point loads no web framework and no proxy code.
 */
export { fromNodeHandler } from './from-node.js';
export { fromExpress, type ExpressLike } from './from-express.js';
export { fromFastify, type FastifyLike, type InjectResponse } from './from-fastify.js';
export type { AdapterOptions } from './options.js';
export type { LambdaContext, LambdaHttpHandler } from './handler.js';
export type { LambdaInvocation } from './node/request.js';
export type { NodeHandler } from './node/run.js';
export { AdapterError, AdapterErrorCode } from './errors.js';
export { WARMUP_EVENT, WARMUP_RESULT, WARMUP_SOURCE, isWarmupEvent, type WarmupEvent, type WarmupResult } from './warmup.js';
export * from './events/index.js';
