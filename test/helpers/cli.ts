import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The compiled CLI (test/global-setup.ts builds dist/ before the suite). */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** stdout's JSON lines (the proxy's logs), parsed; other lines (the printed URLs) are skipped. */
  logLines(): Array<Record<string, unknown>>;
  /** Resolves with the first match of `pattern` in stdout (already written or to come); rejects after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves when the process exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process if still running (SIGKILL) — for afterEach. */
  stop(): Promise<void>;
}

/**
 * Runs `node dist/cli/main.js ARGS` as a child process, the way users run `strangler`.
 * @example
 *   const cli = spawnCli(['proxy', '--plan', file, '--port', '0', '--admin-port', '0']);
 *   const [, url] = await cli.waitForOutput(/strangler proxy\s+(\S+)/);
 *   cli.child.kill('SIGTERM');
 *   expect((await cli.exited).code).toBe(0);
 */
export function spawnCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; nodeArgs?: string[] } = {}): CliProcess {
  // PORT, ADMIN_PORT, HOST and WORKERS stand in for `strangler proxy` flags: a test sets them on purpose, never by
  // inheritance.
  const { PORT: _port, ADMIN_PORT: _adminPort, HOST: _host, WORKERS: _workers, ...inherited } = process.env;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    env: { ...inherited, ...options.env },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const watchers: Array<() => void> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...watchers]) w();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close', not 'exit': stdout and stderr are complete by then.
    child.once('close', (code, signal) => {
      done = true;
      resolve({ code, signal });
      for (const w of [...watchers]) w();
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    logLines: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    exited,
    waitForOutput(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(out);
          if (match) {
            finish();
            resolve(match);
          } else if (done) {
            finish();
            reject(new Error(`process exited before printing ${pattern}\nstdout:\n${out}\nstderr:\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          const i = watchers.indexOf(check);
          if (i !== -1) watchers.splice(i, 1);
        };
        watchers.push(check);
        check();
      });
    },
    async stop() {
      if (!done) child.kill('SIGKILL');
      await exited;
    },
  };
}
