import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceException, type LambdaClient } from '@aws-sdk/client-lambda';
import { eventually, FUNCTIONS_DIR, invoke, isGone } from './helpers.js';
import { LambdaClient as Client } from '@aws-sdk/client-lambda';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PLAN = `${FUNCTIONS_DIR}lambda-serve.plan.yaml`;

let cli: ChildProcess | undefined;
let client: LambdaClient | undefined;
const started: number[] = [];

afterEach(() => {
  client?.destroy();
  if (cli?.exitCode === null) cli.kill('SIGKILL');
  // Never leave processes behind, even when an assertion failed.
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  cli = client = undefined;
  started.length = 0;
});

/** Every process below `pid` (ps works on Linux and macOS). */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number): void => {
    for (const [child, ppid] of rows) if (ppid === parent && !found.includes(child)) found.push(child), walk(child);
  };
  walk(pid);
  return found;
}

function serve(args: string[]): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, [`${ROOT}dist/cli/main.js`, 'lambda', 'serve', '--plan', PLAN, '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve({ child, endpoint: match[1]! });
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`lambda serve exited with ${code}: ${out}`)));
  });
}

describe('strangler lambda serve', () => {
  it('on SIGTERM stops every child process: instances, busy ones, and what they started', async () => {
    // Prepare: warm instances of a Node function and a custom runtime, one of them having started a grandchild,
    // and an instance busy mid-invocation with a grandchild of its own.
    const { child, endpoint } = await serve(['--grace-ms', '200']);
    cli = child;
    client = new Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 });
    const busy = invoke(client, 'scripted', { action: 'spawn', ms: 60_000 }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(await eventually(() => descendants(child.pid!).length >= 2, 10_000)).toBe(true);
    const warm = (await invoke(client, 'scripted', { action: 'spawn-and-report' })).json as { pid: number; grandchild: number };
    const custom = (await invoke(client, 'custom', {})).json as { pid: number };
    expect(await eventually(() => descendants(child.pid!).length >= 5, 10_000)).toBe(true);
    const pids = descendants(child.pid!);
    started.push(...pids);
    expect(pids).toEqual(expect.arrayContaining([warm.pid, warm.grandchild, custom.pid]));

    // Act.
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');

    // Assert: a clean exit, the busy caller told, and no process left (process.kill(pid, 0) → ESRCH).
    expect(await exited).toBe(0);
    expect(await busy).toBeInstanceOf(ServiceException);
    expect(await eventually(() => pids.every(isGone), 5000)).toBe(true);
  });

  it('even killed with SIGKILL, leaves no built-in instance or its children behind', async () => {
    const { child, endpoint } = await serve([]);
    cli = child;
    client = new Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 });
    const warm = (await invoke(client, 'scripted', { action: 'spawn-and-report' })).json as { pid: number; grandchild: number };
    started.push(warm.pid, warm.grandchild);

    child.kill('SIGKILL');

    // The bootstrap sees its stdin close and takes its process group with it.
    expect(await eventually(() => isGone(warm.pid) && isGone(warm.grandchild), 5000)).toBe(true);
  });

  it('exits 2 with the usage for a bad flag, and 1 for an invalid plan', async () => {
    const bad = spawn(process.execPath, [`${ROOT}dist/cli/main.js`, 'lambda', 'serve', '--plan', PLAN, '--port', 'eighty'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    bad.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    expect(await new Promise((r) => bad.once('exit', r))).toBe(2);
    expect(err).toContain('--port must be an integer');

    const invalid = spawn(process.execPath, [`${ROOT}dist/cli/main.js`, 'lambda', 'serve', '--plan', `${FUNCTIONS_DIR}invalid-functions.yaml`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err2 = '';
    invalid.stderr!.on('data', (c: Buffer) => (err2 += c.toString()));
    expect(await new Promise((r) => invalid.once('exit', r))).toBe(1);
    expect(err2).toMatch(/invalid-functions\.yaml:\d+:\d+ /);
  });
});
