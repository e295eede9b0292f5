import { parentPort, workerData } from 'node:worker_threads';
import { loadPlanFile, PlanError } from './load.js';
import type { WorkerAnswer } from './load-async.js';

/** The worker side of `loadPlanFileOffThread`: load one plan file, post the result, exit. */
function answer(): WorkerAnswer {
  try {
    return { ok: true, loaded: loadPlanFile((workerData as { file: string }).file) };
  } catch (err) {
    if (err instanceof PlanError) return { ok: false, problems: err.problems };
    return { ok: false, message: (err as Error).message ?? String(err) };
  }
}

parentPort!.postMessage(answer());
