import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { BreakerRegistry } from '../fallback/breaker.js';
import type { ClassifyHook } from '../fallback/classify.js';
import { FallbackMetrics } from '../fallback/metrics.js';
import type { PlanRouter } from '../routing/router.js';
import type { ShadowCall } from '../shadow/runner/runner.js';
import type { LambdaInvoker } from './invoker.js';

/** What the shadow caller needs of the proxy: the generation serving now (its router and its Lambda target). */
export interface ShadowGeneration {
  router: PlanRouter;
  targets: { lambda: LambdaInvoker };
}

/** The shadow service's `callLambda`, bound to a proxy once it exists (`attach`); built in proxy/targets/shadow-call.ts. */
export interface LambdaShadowCaller {
  call: ShadowCall;
  /** createProxy binds the caller to its current plan generation. */
  attach(current: () => ShadowGeneration): void;
}

/** `createProxy(plan, { lambda })`: how the proxy serves routes from Lambda beyond what the plan says. */
export interface LambdaOptions {
  /**
   * A client to invoke with instead of one built from the plan's `lambda` section (tests, custom middleware). The
   * proxy does not destroy it. Give it `maxAttempts: 1` unless every routed function is idempotent.
   */
  client?: LambdaClient;
  /** Overrides the classification of invocation outcomes (see proxy/fallback/classify.ts). */
  classify?: ClassifyHook;
  /** Ask Lambda for each invocation's log tail (`LogType: Tail`). Default false. */
  logTail?: boolean;
  /** The shadow service's `callLambda`, bound to this proxy's routes and client (createPlanProxy wires it). */
  shadowCaller?: LambdaShadowCaller;
}

/** What the Lambda side keeps for the whole life of one proxy (across plan reloads): breakers, metrics, options. */
export interface LambdaShared {
  readonly options: LambdaOptions;
  readonly breakers: BreakerRegistry;
  readonly metrics: FallbackMetrics;
}

export function createLambdaShared(registry: Registry, logger: Logger, options: LambdaOptions = {}): LambdaShared {
  const metrics = new FallbackMetrics(registry);
  return { options, metrics, breakers: new BreakerRegistry(logger, metrics) };
}
