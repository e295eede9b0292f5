import { serveMonolithWithShadow } from '../targets/shadow-serve.js';
import type { Exchange } from '../exchange/exchange.js';
import type { Generation } from './generation.js';

/**
 * ─── THE DISPATCH POINT ───────────────────────────────────────────────────────────────────────────────────────
 * Where a request's plan (`ex.plan`, from `planRequest(stage, method, dualWrites)`) turns into calls to targets.
 * Everything before it is decided (route `ex.route`, stage `ex.decision`, request id) and everything after it is
 * generic (the response's `close` writes the log line and metrics from `ex.servedBy`, `ex.errorCode`, `ex.sides`).
 *
 * The dispatch orchestrates; targets never call each other nor reach into the generation:
 * - `live`, `rampdown`, `complete` (`ex.plan.serve === 'lambda'`): the Lambda target serves; when it fails and the
 *   request may fall back it hands the request back through `LambdaNext.fallBack` and the monolith target replays
 *   the buffered body; on `writes: dual` routes `LambdaNext.answered` gives the monolith its second write;
 * - `shadow`: the monolith serves, the Lambda gets a copy once the client has its answer (proxy/targets/shadow-serve.ts);
 * - `dualwrite` (`ex.plan.secondWrite === 'lambda'`): the monolith serves, the second writer writes the function.
 * A target answers the client through `ex.res` (or `ex.fail(err)` with a coded StranglerError), sets
 * `ex.servedBy`, may append to `ex.sides` and `ex.logFields`, and sets `ex.inFlight` to stop its work when the
 * client goes away.
 * ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
 */
export function dispatch(ex: Exchange<Generation>): void {
  const gen = ex.generation;
  const { targets, services } = gen;
  if (ex.plan.serve === 'lambda' && ex.route !== null) {
    targets.lambda.serve(ex, gen.lambdaNext);
    return;
  }
  // `shadow` stage: the monolith answers, the Lambda gets a copy once the client has its answer. Unsafe methods
  // too (`ex.plan.shadow` is null for them): the shadow service decides, counting an `unsafe` skip or running the
  // route's dry-run contract.
  const shadowStage = ex.plan.shadow !== null || ex.decision?.stage === 'shadow';
  if (shadowStage && services.shadow !== undefined && ex.plan.serve === 'monolith' && serveMonolithWithShadow(ex, targets.monolith, services.shadow)) return;
  // `dualwrite`, `shadow` on `writes: dual` routes: the monolith answers the write, the function gets it second.
  if (ex.plan.secondWrite === 'lambda') {
    targets.secondWrites.serveMonolithThenLambda(ex, targets.monolith, targets.lambda);
    return;
  }
  targets.monolith.serve(ex);
}
