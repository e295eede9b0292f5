import type { Classification } from '../fallback/classify.js';
import type { LambdaReport } from '../lambda-health/report.js';
import type { Route } from '../plan/schema.js';
import type { InvokeRouteOutcome } from '../fallback/outcome.js';

/** One invocation, classified; `breakerFailure` tells the route's breaker whether it counts against the function. */
export interface RouteInvocation {
  outcome: InvokeRouteOutcome;
  classification: Classification;
  breakerFailure: boolean;
  /** The REPORT line of the log tail (route `function.logTail` / plan `lambda.logTail`): cold start, billing. */
  report: LambdaReport | undefined;
}

/** Options of one invocation made for a route. */
export interface InvokeOptions {
  signal?: AbortSignal | undefined;
  clientContext?: Record<string, unknown> | undefined;
  /** The trace headers the event carries: copied into the client context as `custom.traceparent`/`tracestate`. */
  traceHeaders?: Record<string, string> | undefined;
}

/**
 * Invokes a route's function with an already built event and classifies the outcome (the Lambda target,
 * ./lambda.ts). The shadow caller and the second writer are handed one rather than reaching for a target.
 */
export interface LambdaInvoker {
  invoke(route: Route, method: string, payload: Uint8Array, options?: InvokeOptions): Promise<RouteInvocation>;
}
