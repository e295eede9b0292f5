import type { ResolvedFunction } from './launch.js';
import type { FunctionPool } from './pool.js';

/** What {@link LambdaService.update} did, by function name. */
export interface FunctionsUpdate {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

/**
 * Puts the next set of functions in place of the pools serving now. A function whose configuration, command and
 * environment are unchanged keeps its pool (and its warm instances); a changed one gets a new pool that takes every
 * invocation from now on, and the old pool is handed to `retire` to finish what it runs; a removed one is taken out
 * of `pools` (new invocations get ResourceNotFound) and retired the same way.
 */
export function swapFunctions(
  pools: Map<string, FunctionPool>,
  next: readonly ResolvedFunction[],
  create: (fn: ResolvedFunction) => FunctionPool,
  retire: (pool: FunctionPool, reason: string) => void,
): FunctionsUpdate {
  const result: FunctionsUpdate = { added: [], changed: [], removed: [], unchanged: [] };
  const names = new Set(next.map((fn) => fn.name));
  for (const [name, pool] of pools) {
    if (names.has(name)) continue;
    pools.delete(name);
    retire(pool, 'function removed');
    result.removed.push(name);
  }
  for (const fn of next) {
    const old = pools.get(fn.name);
    if (old !== undefined && sameFunction(old.fn, fn)) {
      result.unchanged.push(fn.name);
      continue;
    }
    pools.set(fn.name, create(fn));
    if (old !== undefined) retire(old, 'function changed');
    (old === undefined ? result.added : result.changed).push(fn.name);
  }
  return result;
}

/** Same configuration, same command and environment: its warm instances can keep serving. */
function sameFunction(a: ResolvedFunction, b: ResolvedFunction): boolean {
  const key = (fn: ResolvedFunction): string => JSON.stringify({ ...fn, qualifiers: [...fn.qualifiers] });
  return key(a) === key(b);
}
