import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { forEachLine } from '../../lambda-runtime/invocation-log.js';

/** A `strangler` command running in a child process, as users run it. */
export interface CliChild {
  child: ChildProcess;
  pid: number;
  /** The first match of the start-up pattern. */
  ready: RegExpExecArray;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`); resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Runs `node CLI ...args` and resolves once stdout matched `readyPattern` (rejects if it exits or stays silent for
 * `timeoutMs`). After that, every stdout line goes to `onLine`; stderr is passed through to ours, so a crash shows.
 */
export function startCli(cli: string, args: string[], readyPattern: RegExp, onLine: (line: string) => void, timeoutMs = 30_000): Promise<CliChild> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let head = '';
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')}: no ${readyPattern} within ${timeoutMs} ms; output: ${head}`));
    }, timeoutMs);
    void exited.then((code) => {
      if (started) return;
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code} before it was ready; output: ${head}`));
    });
    forEachLine(child.stdout!, (line) => {
      if (started) return onLine(line);
      head += `${line}\n`;
      const ready = readyPattern.exec(head);
      if (ready === null) return;
      started = true;
      clearTimeout(timer);
      resolve({
        child,
        pid: child.pid!,
        ready,
        stop(graceMs = 10_000) {
          if (child.exitCode !== null || child.signalCode !== null) return exited;
          child.kill('SIGTERM');
          const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
          return exited.finally(() => clearTimeout(force));
        },
      });
    });
  });
}

/** Resident set of a process in MiB now (Linux /proc VmRSS); undefined elsewhere or once it is gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** RSS of one process over a run: the sample at the end of the warm-up, the peak after it, the last sample. */
export interface MemoryFigures {
  warmMiB: number | undefined;
  peakMiB: number | undefined;
  endMiB: number | undefined;
  /** peak − warm. */
  growthMiB: number | undefined;
}

/**
 * Samples the RSS of `pids` every `intervalMs`; `figures()` summarises each against the first sample taken at or
 * after `warmupMs` from the start (the baseline once pools, JIT and caches have filled).
 */
export function sampleMemory(pids: Record<string, number>, warmupMs: number, intervalMs = 500): { figures(): Record<string, MemoryFigures>; stop(): void } {
  const started = Date.now();
  const series: Record<string, Array<{ t: number; mib: number }>> = Object.fromEntries(Object.keys(pids).map((k) => [k, []]));
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
    figures() {
      sample();
      return Object.fromEntries(
        Object.entries(series).map(([name, s]) => {
          const after = s.filter((x) => x.t >= warmupMs);
          const warm = after[0]?.mib;
          const peak = after.length === 0 ? undefined : Math.max(...after.map((x) => x.mib));
          const round = (v: number | undefined): number | undefined => (v === undefined ? undefined : Math.round(v * 10) / 10);
          return [name, { warmMiB: round(warm), peakMiB: round(peak), endMiB: round(s.at(-1)?.mib), growthMiB: round(warm === undefined || peak === undefined ? undefined : peak - warm) }];
        }),
      );
    },
  };
}
