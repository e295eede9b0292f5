import { isDeepStrictEqual } from 'node:util';
import { MonolithTarget } from '../forward/monolith.js';
import type { Plan } from '../plan/schema.js';
import type { Side } from '../routing/stages.js';
import { serveMonolithWithShadow } from '../shadow/wiring/serve.js';
import { LambdaTarget } from '../targets/lambda.js';
import { SecondWriter } from '../targets/second-write.js';
import type { Exchange } from './exchange.js';
import type { ProxyServices } from '../services/index.js';

/**
 * ─── THE DISPATCH POINT ───────────────────────────────────────────────────────────────────────────────────────
 * Where a request's plan (`ex.plan`, from `planRequest(stage, method, dualWrites)`) turns into calls to targets.
 * Everything before it is decided (route `ex.route`, stage `ex.decision`, request id) and everything after it is
 * generic (the response's `close` writes the log line and metrics from `ex.servedBy`, `ex.errorCode`, `ex.sides`).
 *
 * In the pass-through proxy every stage is served by the monolith. Later issues extend `dispatch` and
 * `createTargets`, and nothing else:
 * - serve from Lambda with fallback: `ex.plan.serve === 'lambda'` → `targets.lambda.serve(ex)`; when it fails and
 *   `ex.plan.fallback` (and the method is safe to replay), `targets.monolith.serve(ex, { body })` answers instead,
 *   replaying the buffered body; the Lambda target sets `ex.servedBy` to the side that answered;
 * - shadow: `ex.plan.shadow` → send a copy to the other side, never affecting the client; the monolith target's
 *   `onResponse` option gives its response (status, headers, a readable body copy) for the comparison;
 * - dual writes: `ex.plan.secondWrite` → the second write after the authoritative answer.
 * A target answers the client through `ex.res` (or `ex.fail(err)` with a coded StranglerError), sets
 * `ex.servedBy`, may append to `ex.sides` and `ex.logFields`, and sets `ex.cancel` to stop its work when the
 * client goes away.
 * ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
 */
export function dispatch(ex: Exchange): void {
  const { targets, services } = ex.generation;
  // `live`, `rampdown`, `complete`: the function answers; fallback and breakers are the Lambda target's (proxy/targets).
  if (ex.plan.serve === 'lambda') {
    targets.lambda.serve(ex);
    return;
  }
  // `shadow` stage: the monolith answers, the Lambda gets a copy once the client has its answer. Unsafe methods
  // too (`ex.plan.shadow` is null for them): the shadow service decides, counting an `unsafe` skip or running the
  // route's dry-run contract.
  const shadowStage = ex.plan.shadow !== null || ex.decision?.stage === 'shadow';
  if (shadowStage && services.shadow !== undefined && ex.plan.serve === 'monolith' && serveMonolithWithShadow(ex, targets.monolith, services.shadow)) return;
  // `dualwrite`, `shadow` on `writes: dual` routes: the monolith answers the write, the function gets it second.
  if (ex.plan.secondWrite === 'lambda') {
    targets.secondWrites.serveMonolithThenLambda(ex);
    return;
  }
  targets.monolith.serve(ex);
}

/** One side that can answer requests. */
export interface Target {
  readonly side: Side;
  /** Answers the client from this side (see `dispatch`). */
  serve(ex: Exchange): void;
  /** Releases connections; called when no plan generation uses the target any more. */
  close(): void;
}

/** The targets of one plan generation. */
export interface Targets {
  monolith: MonolithTarget;
  lambda: LambdaTarget;
  /** Dual writes' second writes (`writes: dual` routes). */
  secondWrites: SecondWriter;
}

/**
 * Builds a plan generation's targets. A target whose configuration did not change on reload is reused (its
 * connection pool stays warm); the generation bookkeeping closes the others once their last request is done.
 */
export function createTargets(plan: Plan, services: ProxyServices, previous: { plan: Plan; targets: Targets } | undefined): Targets {
  const monolith =
    previous !== undefined && isDeepStrictEqual(previous.plan.monolith, plan.monolith)
      ? previous.targets.monolith
      : new MonolithTarget(plan.monolith, services);
  const lambda =
    previous !== undefined && isDeepStrictEqual(previous.plan.lambda, plan.lambda)
      ? previous.targets.lambda
      : new LambdaTarget(plan.lambda, services);
  const secondWrites = previous !== undefined && previous.targets.secondWrites.fits(plan) ? previous.targets.secondWrites : new SecondWriter(plan);
  return { monolith, lambda, secondWrites };
}
