/** Lambda as a target: the client, the one invocation function, the event builder, the live and shadow callers. */
export { LambdaTarget, type RouteInvocation, type InvokeOptions } from './lambda.js';
export { invokeRoute, type InvokeRouteRequest, type InvokeRouteOutcome } from './invoke.js';
export { createLambdaClient, LAMBDA_MAX_SOCKETS, type LambdaConfig } from './client.js';
export { routeEventPayload, routeKeyOf, apiGatewayPath, SYNC_PAYLOAD_LIMIT } from './event.js';
export { createLambdaShadowCaller, SHADOW_CLIENT_CONTEXT, type LambdaShadowCaller, type ShadowGeneration } from './shadow-call.js';
export { createLambdaShared, type LambdaOptions, type LambdaShared } from './shared.js';
