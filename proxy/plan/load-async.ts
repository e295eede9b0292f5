import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadPlanFile, PlanError, type LoadedPlan, type PlanProblem } from './load.js';

/** What the worker posts back. */
export type WorkerAnswer = { ok: true; loaded: LoadedPlan } | { ok: false; problems: PlanProblem[] } | { ok: false; message: string };

const WORKER = new URL('./load-worker.js', import.meta.url);

/**
 * `loadPlanFile` on a worker thread. Parsing YAML and validating a plan of 5,000 routes takes about a second of
 * CPU; on the proxy's thread that second would stop every request during a reload. The worker reads, parses and
 * validates; this thread only receives the plan (a structured clone). Rejects with the same PlanError as
 * `loadPlanFile`.
 *
 * Running from the TypeScript sources (tests), there is no compiled worker script: the plan is loaded on this thread.
 * @example
 *   const loaded = await loadPlanFileOffThread('migration-plans/shop.yaml');
 */
export function loadPlanFileOffThread(file: string): Promise<LoadedPlan> {
  if (!existsSync(fileURLToPath(WORKER))) return Promise.resolve().then(() => loadPlanFile(file));
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(WORKER, { workerData: { file } });
    worker.once('message', (answer: WorkerAnswer) => {
      settled = true;
      if (answer.ok) resolve(answer.loaded);
      else if ('problems' in answer) reject(new PlanError(answer.problems));
      else reject(new Error(answer.message));
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
