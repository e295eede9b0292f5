import { parentPort, workerData } from 'node:worker_threads';
import { loadPlanFile, PlanError, type LoadedPlan } from './load.js';
import { ROUTES_PER_MESSAGE, type WorkerAnswer } from './load-async.js';

/**
 * The worker side of `loadPlanFileOffThread`: load one plan file, then hand it over in pieces: the routes a few
 * hundred at a time, each piece sent when the main thread asks for the next (so it can serve requests between
 * them), then the rest of the plan. Exits when done.
 */
const port = parentPort!;
let loaded: LoadedPlan | undefined;
try {
  loaded = loadPlanFile((workerData as { file: string }).file);
} catch (err) {
  const answer: WorkerAnswer =
    err instanceof PlanError ? { kind: 'failed', problems: err.problems } : { kind: 'failed', message: (err as Error).message ?? String(err) };
  port.postMessage(answer);
}
if (loaded !== undefined) {
  const { routes, ...rest } = loaded.plan;
  let next = 0;
  const send = (): void => {
    if (next < routes.length) {
      port.postMessage({ kind: 'routes', routes: routes.slice(next, next + ROUTES_PER_MESSAGE) } satisfies WorkerAnswer);
      next += ROUTES_PER_MESSAGE;
    } else {
      port.postMessage({ kind: 'done', loaded: { ...loaded!, plan: { ...rest, routes: [] } } } satisfies WorkerAnswer);
      port.close();
    }
  };
  port.on('message', send);
  send();
}
