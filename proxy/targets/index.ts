/**
 * The targets that answer requests: the monolith (undici pool, through proxy/forward) and Lambda (the client, the
 * one invocation function, the event builder, the live and shadow callers), the dispatch's shadow path, and dual writes' second writer.
 */
export { MonolithTarget, type MonolithConfig, type MonolithServeOptions, type MonolithResponse, type UpgradeHooks } from './monolith.js';
export { LambdaTarget, type LambdaNext, type ReadSoFar } from './lambda.js';
export type { LambdaInvoker, RouteInvocation, InvokeOptions } from '../services/invoker.js';
export { invokeRoute, type InvokeRouteRequest } from './invoke.js';
export type { InvokeRouteOutcome } from '../fallback/outcome.js';
export { createLambdaClient, LAMBDA_MAX_SOCKETS, type LambdaConfig } from './client.js';
export { routeEventPayload, routeKeyOf, apiGatewayPath, SYNC_PAYLOAD_LIMIT } from './event.js';
export { serveMonolithWithShadow, handOverShadow } from './shadow-serve.js';
export { createLambdaShadowCaller, SHADOW_CLIENT_CONTEXT, type LambdaShadowCaller, type ShadowGeneration } from './shadow-call.js';
export { createLambdaShared, type LambdaOptions, type LambdaShared } from '../services/lambda-shared.js';
