import { readFileSync } from 'node:fs';

/** Resident set of a process in MiB now (Linux /proc VmRSS); undefined elsewhere or once it is gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface Sample {
  /** ms since the start of the run. */
  t: number;
  mib: number;
}

/** RSS of one process over a run, after its warm-up. */
export interface MemoryFigures {
  /** The first sample at or after the warm-up: the baseline once pools, JIT and caches have filled. */
  warmMiB: number | undefined;
  /** The highest sample after the warm-up. */
  peakMiB: number | undefined;
  /** peak − warm: bounded by `rssGrowthMb`. */
  growthMiB: number | undefined;
  /**
   * The lowest sample of each fifth of the run after the warm-up. A garbage-collected heap grows and shrinks (a
   * saw-tooth of tens of MiB in the proxy), so the peak alone cannot tell a leak from a late collection; a leak
   * raises the floor the collector comes back to.
   */
  floorsMiB: number[];
  /** Last floor − first floor: bounded by `rssFloorGrowthMb`. */
  floorGrowthMiB: number | undefined;
}

const round = (v: number): number => Math.round(v * 10) / 10;

/**
 * Summarises a process's RSS samples (pure).
 * @example
 *   memoryFigures([{ t: 0, mib: 50 }, { t: 1000, mib: 80 }, { t: 2000, mib: 90 }], 1000) // warm 80, peak 90, growth 10
 */
export function memoryFigures(samples: readonly Sample[], warmupMs: number): MemoryFigures {
  const after = samples.filter((x) => x.t >= warmupMs);
  if (after.length === 0) return { warmMiB: undefined, peakMiB: undefined, growthMiB: undefined, floorsMiB: [], floorGrowthMiB: undefined };
  const warm = after[0]!.mib;
  const peak = Math.max(...after.map((x) => x.mib));
  const fifth = Math.max(1, Math.ceil(after.length / 5));
  const floors: number[] = [];
  for (let i = 0; i < after.length; i += fifth) floors.push(round(Math.min(...after.slice(i, i + fifth).map((x) => x.mib))));
  return { warmMiB: round(warm), peakMiB: round(peak), growthMiB: round(peak - warm), floorsMiB: floors, floorGrowthMiB: round(floors.at(-1)! - floors[0]!) };
}

/** Samples the RSS of `pids` every `intervalMs` until `stop()`; `figures()` summarises each (memoryFigures). */
export function sampleMemory(pids: Record<string, number>, warmupMs: number, intervalMs = 500): { figures(): Record<string, MemoryFigures>; stop(): void } {
  const started = Date.now();
  const series: Record<string, Sample[]> = Object.fromEntries(Object.keys(pids).map((k) => [k, []]));
  const sample = (): void => {
    const t = Date.now() - started;
    for (const [name, pid] of Object.entries(pids)) {
      const mib = rssMiB(pid);
      if (mib !== undefined) series[name]!.push({ t, mib });
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => clearInterval(timer),
    figures: () => Object.fromEntries(Object.entries(series).map(([name, s]) => [name, memoryFigures(s, warmupMs)])),
  };
}
