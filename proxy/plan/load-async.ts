import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadPlanFile, PlanError, type LoadedPlan, type PlanProblem } from './load.js';
import type { Route } from './schema.js';

/** What the worker posts: routes in pieces, then the rest of the plan; or why it failed. */
export type WorkerAnswer =
  | { kind: 'routes'; routes: Route[] }
  | { kind: 'done'; loaded: LoadedPlan }
  | { kind: 'failed'; problems: PlanProblem[] }
  | { kind: 'failed'; message: string };

/** Routes per message: receiving (deserialising) 100 routes takes a few milliseconds of this thread's time. */
export const ROUTES_PER_MESSAGE = 100;

const WORKER = new URL('./load-worker.js', import.meta.url);

/**
 * `loadPlanFile` on a worker thread. Parsing YAML and validating a plan of 5,000 routes takes about a second of
 * CPU; on the proxy's thread that second would stop every request during a reload. The worker reads, parses and
 * validates; this thread receives the plan in pieces, with a turn of the event loop between them. Rejects with the
 * same PlanError as `loadPlanFile`.
 *
 * Running from the TypeScript sources (tests), there is no compiled worker script: the plan is loaded on this thread.
 * @example
 *   const loaded = await loadPlanFileOffThread('migration-plans/shop.yaml');
 */
export function loadPlanFileOffThread(file: string): Promise<LoadedPlan> {
  if (!existsSync(fileURLToPath(WORKER))) return Promise.resolve().then(() => loadPlanFile(file));
  return new Promise((resolve, reject) => {
    let settled = false;
    const routes: Route[] = [];
    const worker = new Worker(WORKER, { workerData: { file } });
    const settle = (): void => {
      settled = true;
      void worker.terminate();
    };
    worker.on('message', (answer: WorkerAnswer) => {
      if (answer.kind === 'routes') {
        for (const route of answer.routes) routes.push(route);
        setImmediate(() => worker.postMessage('next'));
      } else if (answer.kind === 'done') {
        settle();
        resolve({ ...answer.loaded, plan: { ...answer.loaded.plan, routes } });
      } else {
        settle();
        reject('problems' in answer ? new PlanError(answer.problems) : new Error(answer.message));
      }
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the plan loader thread exited with code ${code} before answering`));
    });
  });
}
