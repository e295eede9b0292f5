/**
 * How one invocation ended, before classification (./classify.ts decides what it means). proxy/targets/invoke.ts
 * produces it; it lives here, with its classifier, so fallback/ never imports targets/.
 */
export type InvokeRouteOutcome =
  | {
      kind: 'result';
      /** The function's result (or its error body when `functionError` is set). */
      payload: Uint8Array;
      /** `X-Amz-Function-Error` (`Unhandled`, `Handled`): the function failed; HTTP status was still 200. */
      functionError: string | undefined;
      /** Base64 of the log tail, when `logTail` was asked for. */
      logResult: string | undefined;
      executedVersion: string | undefined;
      durationMs: number;
    }
  | {
      kind: 'error';
      /** What the SDK threw (service exception, network error, AbortError). */
      error: unknown;
      /** True when the proxy's own deadline aborted the call. */
      deadline: boolean;
      /** True when `signal` aborted it (client gone). */
      aborted: boolean;
      durationMs: number;
    };
