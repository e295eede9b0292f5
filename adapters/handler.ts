import { decodeEvent, detectEventSource, encodeResult } from './events/detect.js';
import type { AppResponse, DecodedRequest } from './events/http.js';
import { prepareResponse } from './events/result.js';
import type { HttpResult } from './events/types.js';
import type { LambdaInvocation } from './node/request.js';
import type { ResolvedOptions } from './options.js';
import { incomingTrace, runInIncomingTrace } from './trace.js';
import { isWarmupEvent, WARMUP_RESULT } from './warmup.js';

/** The parts of the Lambda context object the adapters touch. */
export interface LambdaContext {
  awsRequestId?: string;
  callbackWaitsForEmptyEventLoop?: boolean;
  getRemainingTimeInMillis?: () => number;
  /** The invoke's client context, parsed (the proxy puts `custom.traceparent` there). */
  clientContext?: unknown;
}

/** A Lambda handler for HTTP events: resolves with the result in the format of the event's source. */
export type LambdaHttpHandler = (event: unknown, context?: LambdaContext) => Promise<HttpResult>;

/** Runs the app on one decoded request. */
export type AppRunner = (request: DecodedRequest, invocation: LambdaInvocation | undefined) => Promise<AppResponse>;

/**
 * The pipeline every adapter shares: detect → decode → run the app → encode in the source's format. The warm-up
 * event (adapters/warmup.ts) is answered before any of it: the app does not run.
 */
export function createLambdaHandler(run: AppRunner, options: ResolvedOptions): LambdaHttpHandler {
  return async function strangler(event: unknown, context?: LambdaContext): Promise<HttpResult> {
    if (isWarmupEvent(event)) return { ...WARMUP_RESULT, headers: { ...WARMUP_RESULT.headers } };
    const source = detectEventSource(event);
    const request = decodeEvent(source, event, options.decode);
    // Callback-style wrappers must not wait for the app's keep-alive pools and timers.
    // https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html (callbackWaitsForEmptyEventLoop)
    if (context !== null && typeof context === 'object') context.callbackWaitsForEmptyEventLoop = false;
    const invocation = options.exposeLambda ? { event, context, source } : undefined;
    // The caller's trace (proxy/tracing): the app runs inside it, so its spans join the proxy's trace.
    const trace = incomingTrace(request.headers, context?.clientContext);
    const response = trace === undefined ? await run(request, invocation) : await runInIncomingTrace(trace, () => run(request, invocation));
    return encodeResult(source, prepareResponse(response, request.method, options.isBinaryType));
  };
}
