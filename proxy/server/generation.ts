import type { LoadedPlan } from '../plan/load.js';
import type { Plan } from '../plan/schema.js';
import type { ProxyServices } from '../services/index.js';
import { buildRouter, type PlanRouter } from '../routing/router.js';
import type { LambdaNext } from '../targets/lambda.js';
import { createTargets, lambdaNextOf, type Target, type Targets } from './targets.js';

/** How many generations use each target (a reused target is closed when the last one is done). */
const users = new WeakMap<Target, number>();

/**
 * One loaded plan with what serves it: its router and its targets. A reload builds a new generation and swaps it
 * in with a single assignment; requests keep the generation they started under, and a retired generation closes
 * its targets (unless reused) when its last request finishes.
 */
export class Generation {
  readonly router: PlanRouter;
  readonly targets: Targets;
  /** What the dispatch does after the Lambda target (fallback, second write), bound to these targets. */
  readonly lambdaNext: LambdaNext;
  private inFlight = 0;
  private retired = false;
  private disposed = false;

  constructor(
    readonly id: number,
    readonly loaded: LoadedPlan,
    readonly services: ProxyServices,
    previous?: Generation,
    /** The plan's router when already built (`buildRouterAsync`, off the request path); built here otherwise. */
    router?: PlanRouter,
  ) {
    // Build everything first: a throw here leaves the serving generation untouched.
    this.router = router ?? buildRouter(loaded.plan.routes, loaded.plan.routing);
    this.targets = createTargets(loaded.plan, services, previous);
    this.lambdaNext = lambdaNextOf(this.targets);
    for (const target of Object.values(this.targets) as Target[]) users.set(target, (users.get(target) ?? 0) + 1);
  }

  get plan(): Plan {
    return this.loaded.plan;
  }

  requestStarted(): void {
    this.inFlight++;
  }

  requestDone(): void {
    this.inFlight--;
    if (this.retired && this.inFlight === 0) this.dispose();
  }

  /** Requests in flight under this generation. */
  get active(): number {
    return this.inFlight;
  }

  /** No new request will use this generation; close it once its requests are done. */
  retire(): void {
    this.retired = true;
    if (this.inFlight === 0) this.dispose();
  }

  /** Closes the targets no other generation uses. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const target of Object.values(this.targets) as Target[]) {
      const left = (users.get(target) ?? 1) - 1;
      users.set(target, left);
      if (left === 0) target.close();
    }
  }
}
