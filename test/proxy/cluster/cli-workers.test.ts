import { afterEach, describe, expect, it } from 'vitest';
import {
  closedPort,
  deferred,
  route,
  send,
  spawnCli,
  startUpstream,
  tempDir,
  waitFor,
  type CliProcess,
  type TempDir,
  type Upstream,
} from '../../helpers/index.js';

type Line = Record<string, unknown> & { pid: number; msg: string };

/** `strangler proxy --workers N` as users run it: a primary and its workers as real processes, real signals. */
// Each test forks a primary and its workers (every one loads the whole proxy): on a loaded CI machine the start alone
// may take most of the 30 s `start` allows, so the tests get twice the suite's default.
describe('strangler proxy --workers (CLI)', { timeout: 60_000 }, () => {
  let mono: Upstream | undefined;
  let cli: CliProcess | undefined;
  let tmp: TempDir | undefined;

  afterEach(async () => {
    // SIGKILL on the primary: node's cluster workers exit when their IPC channel closes.
    await cli?.stop();
    cli = undefined;
    await mono?.close();
    mono = undefined;
    tmp?.remove();
    tmp = undefined;
  });

  const lines = (): Line[] => cli!.logLines() as Line[];

  async function start(options: { workers?: string; env?: NodeJS.ProcessEnv; tokenEnv?: string; handler?: Parameters<typeof startUpstream>[0] } = {}) {
    mono = await startUpstream(options.handler ?? ((req, res) => res.end(`ok ${req.url}`)));
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', {
      monolith: { url: mono.url },
      // Pinning to shadow makes the proxy call a Lambda besides the monolith: nobody listens there (off the request path).
      lambda: { endpoint: `http://127.0.0.1:${await closedPort()}`, region: 'us-east-1' },
      routes: [route('r', '/r', ['GET'])],
      ...(options.tokenEnv === undefined ? {} : { admin: { tokenEnv: options.tokenEnv } }),
    });
    cli = spawnCli(['proxy', '--plan', file, '--port', '0', '--admin-port', '0', ...(options.workers === undefined ? [] : ['--workers', options.workers])], {
      env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', ...options.env },
    });
    const [, url] = await cli.waitForOutput(/strangler proxy\s+(http:\/\/\S+)/, 30_000);
    const [, adminUrl] = await cli.waitForOutput(/admin API\s+(http:\/\/\S+)/);
    // The primary's log lines are buffered (proxy/logging): they may follow the printed URLs.
    if (options.workers !== undefined) await waitFor(() => startLines().length >= Number(options.workers), { what: 'a worker.start line per worker' });
    return { file, url: url!, adminUrl: adminUrl! };
  }

  const workerPids = (): number[] => [
    ...new Set(
      lines()
        .filter((l) => l.event === 'worker.start')
        .map((l) => l['workerPid'] as number),
    ),
  ];
  const startLines = (): Line[] => lines().filter((l) => l.event === 'worker.start');
  const servedBy = (): Set<number> =>
    new Set(
      lines()
        .filter((l) => l.msg === 'request')
        .map((l) => l.pid),
    );

  /** Requests on fresh connections until every pid in `pids` has served one (cluster round-robins connections). */
  async function until(url: string, pids: number[]): Promise<void> {
    await waitFor(
      async () => {
        expect((await send(`${url}/r`)).status).toBe(200);
        return pids.every((p) => servedBy().has(p));
      },
      { timeoutMs: 10_000, what: `requests served by each of pids ${pids.join(', ')}` },
    );
  }

  it('serves traffic from two worker processes, and /metrics on the primary sums both', async () => {
    const { url, adminUrl } = await start({ workers: '2' });
    const starts = startLines();
    expect(starts).toHaveLength(2);
    const pids = starts.map((l) => l['workerPid']);
    expect(new Set(pids).size).toBe(2);
    // The supervisor's lines are the primary's own.
    expect(starts.every((l) => l.pid === cli!.child.pid)).toBe(true);
    expect(pids).not.toContain(cli!.child.pid);

    await until(url, pids as number[]);
    const served = lines().filter((l) => l.msg === 'request');
    // Every worker's log lines have arrived once /metrics counts them: wait for the sum to match what was logged.
    const metrics = await waitFor(
      async () => {
        const text = (await send(`${adminUrl}/metrics`)).text;
        const m = /^strangler_requests_total\{[^}]*route="r"[^}]*\} (\d+)$/m.exec(text);
        return m !== null && Number(m[1]) === lines().filter((l) => l.msg === 'request').length ? text : undefined;
      },
      { what: '/metrics to count every request of both workers' },
    );
    expect(served.length).toBeGreaterThanOrEqual(2);
    expect(metrics).toMatch(/^# TYPE strangler_requests_total counter$/m);

    // /stats and /routes answer for the fleet too.
    const stats = (await send(`${adminUrl}/stats`)).json<{ workers: number; routes: Array<{ route: string; requests: number }> }>();
    expect(stats.workers).toBe(2);
    expect(stats.routes.find((r) => r.route === 'r')!.requests).toBe(lines().filter((l) => l.msg === 'request').length);
    expect((await send(`${adminUrl}/routes`)).json()).toMatchObject({ workers: 2, routes: [{ id: 'r', stage: 'off' }] });
    const ready = await send(`${adminUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.json()).toMatchObject({ ready: true, workers: { listening: 2, expected: 2 } });
  });

  it("guards the primary's admin API with the plan's token, and passes it on to the workers", async () => {
    const { adminUrl } = await start({ workers: '2', tokenEnv: 'FLEET_TOKEN', env: { FLEET_TOKEN: 's3cret' } });
    for (const path of ['/metrics', '/routes', '/stats', '/readyz', '/shadow/report']) {
      const refused = await send(`${adminUrl}${path}`);
      expect(refused.status, path).toBe(401);
      expect(refused.json(), path).toMatchObject({ error: { code: 'STRANGLER_ADMIN_UNAUTHORIZED' } });
    }
    const auth = { authorization: 'Bearer s3cret' };
    const ready = await send(`${adminUrl}/readyz`, { headers: auth });
    expect(ready.status).toBe(200);
    expect(ready.json()).toMatchObject({ ready: true, workers: { reports: [{ ready: true }, { ready: true }] } });
    expect((await send(`${adminUrl}/routes`, { headers: auth })).json()).toMatchObject({ workers: 2 });
    // The dashboard page holds no data and is served without the token; its security headers come through.
    const page = await send(`${adminUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBeDefined();
    expect(page.text).toContain('<!doctype html>');
  });

  it('replaces a worker killed with SIGKILL and logs its pid and signal', async () => {
    const { url } = await start({ workers: '2' });
    const [victim, survivor] = workerPids() as [number, number];
    process.kill(victim, 'SIGKILL');
    await cli!.waitForOutput(/"event":"worker.exit"/);
    const exit = lines().find((l) => l.event === 'worker.exit')!;
    expect(exit).toMatchObject({ workerPid: victim, code: null, signal: 'SIGKILL', worker: 1, restartInMs: 100 });
    expect(exit.level).toBe(50);
    await waitFor(() => startLines().length === 3, { what: 'a third worker.start line' });
    const replacement = startLines()[2]!;
    expect(replacement).toMatchObject({ worker: 1 });
    expect([victim, survivor]).not.toContain(replacement['workerPid']);
    // The replacement serves: the port is still shared by two workers.
    await until(url, [survivor, replacement['workerPid'] as number]);
  });

  it("hands the fleet's pins to a replacement worker before it serves", async () => {
    const { url, adminUrl } = await start({ workers: '2' });
    const [victim, survivor] = workerPids() as [number, number];
    const pinned = await send(`${adminUrl}/routes/r/pin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"stage":"shadow","reason":"INC-2"}',
    });
    expect(pinned.status).toBe(200);
    // The first worker logs the audit line; a SIGKILL would lose it if still in its log buffer.
    await cli!.waitForOutput(/"event":"stage_change"/);
    process.kill(victim, 'SIGKILL');
    await waitFor(() => startLines().length === 3, { what: 'the replacement worker' });
    const replacement = startLines()[2]!['workerPid'] as number;
    await until(url, [survivor, replacement]);
    const fromReplacement = lines().filter((l) => l.msg === 'request' && l.pid === replacement);
    expect(fromReplacement.every((l) => l['stage'] === 'shadow' && l['stageSource'] === 'pin')).toBe(true);
    // Still one audit line: the replacement applied the pin silently.
    expect(lines().filter((l) => l.event === 'stage_change' && l['source'] === 'pin')).toHaveLength(1);
  });

  it('applies a pin sent to the primary on every worker before answering, audit-logged once', async () => {
    const { url, adminUrl } = await start({ workers: '2' });
    const pids = workerPids();
    const pinned = await send(`${adminUrl}/routes/r/pin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stage: 'shadow', reason: 'INC-1' }),
    });
    expect(pinned.status).toBe(200);
    expect(pinned.json()).toMatchObject({ route: 'r', stage: 'shadow', source: 'pin', reason: 'INC-1' });
    const before = lines().filter((l) => l.msg === 'request').length;
    await until(url, pids);
    const after = lines()
      .filter((l) => l.msg === 'request')
      .slice(before);
    for (const pid of pids) expect(after.filter((l) => l.pid === pid).every((l) => l['stage'] === 'shadow' && l['stageSource'] === 'pin')).toBe(true);
    // The audit line comes through the worker's stdout, the answer through the primary: wait for the line.
    await cli!.waitForOutput(/"event":"stage_change"/);
    expect(lines().filter((l) => l.event === 'stage_change' && l['source'] === 'pin')).toHaveLength(1);
    // Recorded once in the shadow store's events, as a single proxy records it (what `strangler report` reads).
    const report = (await send(`${adminUrl}/shadow/report?route=r`)).json<{ routes: Array<{ route: string; events: Array<{ kind: string }> }> }>();
    expect(report.routes.find((r) => r.route === 'r')!.events.filter((e) => e.kind === 'pin')).toHaveLength(1);
    // A bad pin answers the worker's coded error, and nothing changes.
    const bad = await send(`${adminUrl}/routes/nope/pin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"stage":"off","reason":"x"}',
    });
    expect(bad.status).toBe(404);
    expect(bad.json()).toMatchObject({ error: { code: 'STRANGLER_FLAGS_UNKNOWN_ROUTE' } });
    // Unpin reaches every worker too.
    // node's client sends a DELETE body unframed unless told its length.
    const unpinned = await send(`${adminUrl}/routes/r/pin`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json', 'content-length': '18' },
      body: '{"reason":"fixed"}',
    });
    expect(unpinned.json()).toMatchObject({ stage: 'off', removed: { stage: 'shadow' } });
    const rows = (await send(`${adminUrl}/routes`)).json<{ routes: Array<{ stage: string }> }>();
    expect(rows.routes[0]!.stage).toBe('off');
  });

  it('on SIGTERM drains every worker (an in-flight request finishes) and exits 0', async () => {
    const received = deferred();
    const { url, adminUrl } = await start({
      workers: '2',
      handler: (req, res) => {
        if (req.url === '/r') {
          received.resolve();
          setTimeout(() => res.end('finished after SIGTERM'), 1_500);
        } else res.end('fast');
      },
    });
    const inFlight = send(`${url}/r`);
    await received.promise;
    cli!.child.kill('SIGTERM');
    await cli!.waitForOutput(/"msg":"SIGTERM: draining every worker"/);
    // While the workers drain, the primary's /readyz takes the instance out of the load balancer.
    const draining = await send(`${adminUrl}/readyz`);
    expect(draining.status).toBe(503);
    expect(draining.json()).toMatchObject({ ready: false, draining: true });
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.text).toBe('finished after SIGTERM');
    expect(await cli!.exited).toEqual({ code: 0, signal: null });
    const stopped = lines().filter((l) => l.event === 'worker.exit');
    expect(stopped.map((l) => l['code'])).toEqual([0, 0]);
    expect(lines().some((l) => l.event === 'stopped' && l.msg === 'every worker stopped')).toBe(true);
  });

  it('forwards SIGHUP to every worker: each reloads its plan', async () => {
    await start({ workers: '2' });
    const pids = workerPids();
    cli!.child.kill('SIGHUP');
    await waitFor(() => lines().filter((l) => l.msg === 'plan reloaded').length === 2, { what: 'two plan reloaded lines' });
    const reloads = lines().filter((l) => l.msg === 'plan reloaded');
    expect(new Set(reloads.map((l) => l.pid))).toEqual(new Set(pids));
    expect(reloads.every((l) => l['generation'] === 2)).toBe(true);
    // Nobody died of the signal.
    expect(lines().some((l) => l.event === 'worker.exit')).toBe(false);
  });

  it('validates the plan before forking: an invalid plan exits 1 with no worker started', async () => {
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', 'monolith: { url: 42 }\n');
    cli = spawnCli(['proxy', '--plan', file, '--port', '0', '--admin-port', '0', '--workers', '2']);
    expect((await cli.exited).code).toBe(1);
    expect(cli.stderr()).toContain('STRANGLER_PLAN_INVALID');
    expect(cli.stdout()).not.toContain('worker.start');
  });

  it('stops the start when a worker cannot listen: exit 1, STRANGLER_CLUSTER_START_FAILED, no worker left', async () => {
    // The monolith's port is taken: every worker's listen fails.
    mono = await startUpstream((_req, res) => res.end('ok'));
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', { monolith: { url: mono.url } });
    cli = spawnCli(['proxy', '--plan', file, '--port', new URL(mono.url).port, '--admin-port', '0', '--workers', '2']);
    expect((await cli.exited).code).toBe(1);
    expect(cli.stderr()).toContain('STRANGLER_CLUSTER_START_FAILED');
    const exits = lines().filter((l) => l.event === 'worker.exit');
    expect(exits.length).toBeGreaterThanOrEqual(1);
    // Every worker is gone with the primary.
    for (const pid of workerPids()) expect(() => process.kill(pid, 0)).toThrow();
    expect(cli.stdout()).not.toContain('strangler proxy  http');
  });

  it.each([
    [['--workers', '0'], {}, '--workers must be a whole number from 1 to 256 or "auto", got "0"'],
    [[], { WORKERS: 'many' }, 'WORKERS (environment) must be a whole number from 1 to 256 or "auto", got "many"'],
  ])('refuses a bad worker count %j %j with a usage error', async (flags, env, message) => {
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', { monolith: { url: 'http://127.0.0.1:1' } });
    cli = spawnCli(['proxy', '--plan', file, ...flags], { env });
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr()).toContain(message);
  });
});
