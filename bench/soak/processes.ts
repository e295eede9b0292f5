import { spawn, type ChildProcess } from 'node:child_process';
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
