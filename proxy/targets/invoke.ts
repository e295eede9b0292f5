import { performance } from 'node:perf_hooks';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { InvokeRouteOutcome } from '../fallback/outcome.js';

/** What one synchronous invocation of a route's function needs. */
export interface InvokeRouteRequest {
  functionName: string;
  /** Alias or version (`Qualifier`); undefined: unqualified ($LATEST). */
  qualifier?: string | undefined;
  /** The event, as JSON bytes. */
  payload: Uint8Array;
  /** The proxy's deadline for this call (route `timeoutMs`): the call is aborted when it passes. */
  timeoutMs: number;
  /** Aborts the call early (the client went away, the proxy is closing). */
  signal?: AbortSignal | undefined;
  /** Ask for the last 4 KB of the invocation's log (`LogType: Tail`); costs a header per call. Default false. */
  logTail?: boolean | undefined;
  /** `ClientContext` (JSON, base64-encoded here; at most 3,583 bytes once encoded). */
  clientContext?: Record<string, unknown> | undefined;
}

/**
 * THE invocation of a route's function: the live path (proxy/targets/lambda.ts) and the shadow path
 * (proxy/targets/shadow-call.ts) both call it, so tracing and cold-start accounting have one place to go.
 * Never throws: every outcome is data for the classifier. The SDK's own retries are whatever the client was built
 * with (`maxAttempts: 1` by default, proxy/targets/client.ts); the deadline is enforced with an AbortSignal, since
 * the SDK's `requestTimeout` only logs unless told otherwise (docs/lambda-http.md).
 * @example
 *   const out = await invokeRoute(client, { functionName: 'shop-catalog', payload, timeoutMs: 3000 });
 *   if (out.kind === 'result' && out.functionError === undefined) fromApiGatewayV2Result(out.payload);
 */
export async function invokeRoute(client: LambdaClient, request: InvokeRouteRequest): Promise<InvokeRouteOutcome> {
  const started = performance.now();
  const controller = new AbortController();
  let deadline = false;
  const timer = setTimeout(() => {
    deadline = true;
    controller.abort();
  }, request.timeoutMs);
  const outer = request.signal;
  const onAbort = (): void => controller.abort();
  if (outer !== undefined) {
    if (outer.aborted) controller.abort();
    else outer.addEventListener('abort', onAbort, { once: true });
  }
  try {
    const out = await client.send(
      new InvokeCommand({
        FunctionName: request.functionName,
        Qualifier: request.qualifier,
        InvocationType: 'RequestResponse',
        Payload: request.payload,
        ...(request.logTail ? { LogType: 'Tail' as const } : {}),
        ...(request.clientContext !== undefined ? { ClientContext: Buffer.from(JSON.stringify(request.clientContext)).toString('base64') } : {}),
      }),
      { abortSignal: controller.signal },
    );
    return {
      kind: 'result',
      payload: out.Payload ?? new Uint8Array(0),
      functionError: out.FunctionError,
      logResult: out.LogResult,
      executedVersion: out.ExecutedVersion,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    return { kind: 'error', error, deadline, aborted: !deadline && outer?.aborted === true, durationMs: performance.now() - started };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}
