import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { fromApiGatewayV2Result, toApiGatewayV2Event } from '../../adapters/events/index.js';
import { waitFor } from '../helpers/index.js';

/**
 * `npm start` as a user runs it: the compiled demo (dist/examples/start.js) in a child process, every port 0 so it
 * runs beside anything else, driven through the URLs it prints, stopped with SIGTERM.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START = `${ROOT}dist/examples/start.js`;
const FREE_PORTS = { PORT: '0', ADMIN_PORT: '0', SHOP_PORT: '0', LAMBDA_PORT: '0' };

interface Demo {
  child: ChildProcess;
  out(): string;
  err(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Demo[] = [];
const blockers: Server[] = [];
const dirs: string[] = [];

function startDemo(env: Record<string, string>): Demo {
  const child = spawn(process.execPath, [START], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const demo = { child, out: () => out, err: () => err, exited };
  running.push(demo);
  return demo;
}

/** The URL printed after `label` in the banner. */
async function printed(demo: Demo, label: string): Promise<string> {
  const pattern = new RegExp(`^  ${label}\\s+(http://\\S+)`, 'm');
  const match = await waitFor(() => pattern.exec(demo.out()) ?? (demo.child.exitCode !== null ? 'exited' : null), {
    timeoutMs: 30_000,
    what: `the demo to print "${label}"`,
  });
  if (match === 'exited') throw new Error(`the demo exited early\nstdout:\n${demo.out()}\nstderr:\n${demo.err()}`);
  return match[1]!;
}

/** Every process below `pid` (children, their children, ...). */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterEach(async () => {
  for (const demo of running.splice(0)) {
    if (demo.child.exitCode === null && demo.child.signalCode === null) demo.child.kill('SIGKILL');
    await demo.exited;
  }
  for (const server of blockers.splice(0)) server.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('npm start (the demo)', () => {
  it('serves the shop through the proxy, runs the catalog function, and stops cleanly on SIGTERM', async () => {
    const demo = startDemo(FREE_PORTS);
    const proxy = await printed(demo, 'strangler proxy');
    const admin = await printed(demo, 'admin API');
    const shop = await printed(demo, 'shop monolith \\(direct\\)');
    const lambda = await printed(demo, 'local Lambda service');
    expect(demo.out()).toContain(`curl -i '${proxy}/products?category=books&sort=-price&pageSize=3'`);

    // Through the proxy: the plan's route answers.
    const list = await fetch(`${proxy}/products?category=books&pageSize=3`);
    expect(list.status).toBe(200);
    expect(list.headers.get('x-strangler-route')).toBe('catalog-list');
    // `live`: the catalog answer comes from the shop-catalog function, not from a fallback.
    expect(list.headers.get('x-strangler-served-by')).toBe('lambda');
    expect(list.headers.get('x-strangler-fallback')).toBeNull();
    const body = (await list.json()) as { items: Array<{ category: string }>; total: number };
    expect(body.total).toBe(10);
    expect(body.items.map((p) => p.category)).toEqual(['books', 'books', 'books']);

    // A path no route takes still reaches the monolith.
    const cart = await fetch(`${proxy}/cart`);
    expect(cart.headers.get('x-strangler-route')).toBe('cart-view');
    expect(cart.headers.get('x-strangler-served-by')).toBe('monolith');
    expect((await fetch(`${shop}/health`)).status).toBe(200);
    // The admin API shows the plan's routes, with the demo's own monolith address filled in.
    const table = (await (await fetch(`${admin}/routes`)).json()) as { monolith: string; routes: Array<{ id: string; stage: string }> };
    expect(table.monolith).toBe(shop);
    expect(table.routes).toHaveLength(15);
    expect(table.routes.find((r) => r.id === 'catalog-list')?.stage).toBe('live');

    // The local Lambda service runs the extracted catalog: the same product as the monolith's, from a function.
    const client = new LambdaClient({ endpoint: lambda, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const event = toApiGatewayV2Event({
      method: 'GET',
      rawPath: '/products/7',
      rawQuery: '',
      headers: [['host', 'shop.local']],
      body: undefined,
      sourceIp: '127.0.0.1',
      requestId: 'e2e-demo',
    });
    const out = await client.send(new InvokeCommand({ FunctionName: 'shop-catalog', Payload: JSON.stringify(event) }));
    client.destroy();
    expect(out.FunctionError).toBeUndefined();
    const fn = fromApiGatewayV2Result(out.Payload!, 'GET');
    expect(fn.statusCode).toBe(200);
    const direct = (await (await fetch(`${shop}/products/7`)).json()) as Record<string, unknown>;
    const { updatedAt: _u, servedAt: _s, ...fromFunction } = JSON.parse(fn.body.toString()) as Record<string, unknown>;
    const { updatedAt: _u2, servedAt: _s2, ...fromMonolith } = direct;
    expect(fromFunction).toEqual(fromMonolith);

    // The function runs in an execution environment: a child process of the demo.
    const children = descendants(demo.child.pid!);
    expect(children.length).toBeGreaterThan(0);

    demo.child.kill('SIGTERM');
    expect(await demo.exited).toEqual({ code: 0, signal: null });
    expect(demo.err()).toContain('strangler demo: stopped');
    await waitFor(() => children.every((pid) => !alive(pid)), { timeoutMs: 10_000, what: 'every child process of the demo to be gone' });
    await expect(fetch(`${proxy}/products`)).rejects.toThrow();
  }, 90_000);

  it('picks up an edited stage in the plan while running (hot reload)', async () => {
    // A copy of the shop plan, so the test can edit it; its handler path made absolute to keep pointing at dist/.
    const dir = mkdtempSync(join(tmpdir(), 'strangler-demo-'));
    dirs.push(dir);
    const plan = join(dir, 'shop.yaml');
    const text = readFileSync(join(ROOT, 'migration-plans/shop.yaml'), 'utf8').replace('../dist/', `${ROOT}dist/`);
    writeFileSync(plan, text);

    const demo = startDemo({ ...FREE_PORTS, STRANGLER_PLAN: plan });
    const admin = await printed(demo, 'admin API');
    const stageOf = async (id: string): Promise<string | undefined> =>
      ((await (await fetch(`${admin}/routes`)).json()) as { routes: Array<{ id: string; stage: string }> }).routes.find((r) => r.id === id)?.stage;
    expect(await stageOf('catalog-search')).toBe('shadow');

    writeFileSync(plan, text.replace(/(id: catalog-search[\s\S]*?stage: )shadow/, '$1live'));
    await waitFor(async () => (await stageOf('catalog-search')) === 'live', { timeoutMs: 15_000, what: 'the reloaded stage in /routes' });

    // A broken edit is rejected with the validator's message; the running plan stays.
    writeFileSync(plan, text.replace(/(id: catalog-search[\s\S]*?stage: )shadow/, '$1liv'));
    await waitFor(() => demo.out().includes('did you mean \\"live\\"?'), { timeoutMs: 15_000, what: 'the rejected reload in the log' });
    expect(await stageOf('catalog-search')).toBe('live');

    demo.child.kill('SIGTERM');
    expect((await demo.exited).code).toBe(0);
  }, 90_000);

  it('a port in use: a clear error naming the port and the variables to change, exit 1', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;

    const demo = startDemo({ ...FREE_PORTS, PORT: String(port) });
    const { code } = await demo.exited;
    expect(code).toBe(1);
    expect(demo.err()).toContain(`STRANGLER_LISTEN_FAILED: cannot listen on 127.0.0.1:${port} (proxy, plan listen): address already in use`);
    expect(demo.err()).toContain('Set PORT, ADMIN_PORT, SHOP_PORT, LAMBDA_PORT to other ports (0 picks a free one)');
  }, 60_000);

  it('a malformed port variable is a usage error, exit 2', async () => {
    const demo = startDemo({ ...FREE_PORTS, SHOP_PORT: 'eighty' });
    expect((await demo.exited).code).toBe(2);
    expect(demo.err()).toBe('strangler demo: SHOP_PORT must be a port number 0-65535, got "eighty"\n');
  });
});
