import { isDeepStrictEqual } from 'node:util';
import type { Exchange } from '../exchange/exchange.js';
import type { Plan } from '../plan/schema.js';
import type { Side } from '../stages/plan.js';
import type { ProxyServices } from '../services/index.js';
import { LambdaTarget, type LambdaNext } from '../targets/lambda.js';
import { MonolithTarget } from '../targets/monolith.js';
import { SecondWriter } from '../targets/second-write.js';

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
    previous !== undefined && isDeepStrictEqual(previous.plan.lambda, plan.lambda) ? previous.targets.lambda : new LambdaTarget(plan.lambda, services);
  const secondWrites = previous?.targets.secondWrites.fits(plan) ? previous.targets.secondWrites : new SecondWriter(plan);
  return { monolith, lambda, secondWrites };
}

/**
 * What follows a Lambda-served request in one generation: a fallback goes to the monolith target (with the body
 * read so far), a dual write's second write to the second writer. Made once per generation.
 */
export function lambdaNextOf(targets: Targets): LambdaNext {
  return {
    fallBack: (ex, read) => targets.monolith.serve(ex, read),
    // `live`, `rampdown` on `writes: dual` routes: the monolith gets the write second (proxy/targets/second-write.ts).
    answered: (ex, body, status) => {
      if (ex.plan.secondWrite === 'monolith') targets.secondWrites.afterLambda(ex, body, status);
    },
  };
}
