import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deferred, route, send, spawnCli, startUpstream, tempDir, testPlanInput, type CliProcess, type TempDir, type Upstream } from '../../helpers/index.js';

/** `strangler proxy` as users run it: a child process, real signals. */
describe('strangler proxy (CLI)', () => {
  let mono: Upstream | undefined;
  let cli: CliProcess | undefined;
  let tmp: TempDir;

  afterEach(async () => {
    await cli?.stop();
    cli = undefined;
    await mono?.close();
    mono = undefined;
    tmp?.remove();
  });

  async function start(extra: Omit<Parameters<typeof testPlanInput>[0], 'monolith'> = {}, handler?: Parameters<typeof startUpstream>[0]) {
    mono = await startUpstream(handler ?? ((req, res) => res.end(`ok ${req.url}`)));
    tmp = tempDir();
    // The plan's ports are real defaults (8080/9901); the flags override them.
    const file = tmp.writePlan('plan.yaml', { monolith: { url: mono.url }, ...extra });
    cli = spawnCli(['proxy', '--plan', file, '--port', '0', '--admin-port', '0']);
    const [, url] = await cli.waitForOutput(/strangler proxy\s+(http:\/\/\S+)/);
    const [, adminUrl] = await cli.waitForOutput(/admin API\s+(http:\/\/\S+)/);
    return { file, url: url!, adminUrl: adminUrl! };
  }

  it('prints both URLs and proxies, with --port and --admin-port overriding the plan', async () => {
    const { url, adminUrl } = await start({ routes: [route('r', '/r')] });
    const res = await send(`${url}/r`);
    expect(res.text).toBe('ok /r');
    expect(res.headers['x-strangler-route']).toBe('r');
    expect((await send(`${adminUrl}/healthz`)).json()).toMatchObject({ status: 'ok' });
    // Log lines on stdout are JSON.
    await cli!.waitForOutput(/"msg":"request"/);
    const line = cli!
      .stdout()
      .split('\n')
      .find((l) => l.includes('"msg":"request"'))!;
    expect(JSON.parse(line)).toMatchObject({ routeId: 'r', status: 200, path: '/r' });
  });

  it('on SIGTERM lets an in-flight request finish, refuses new connections, and exits 0', async () => {
    const received = deferred();
    const { url } = await start({}, (req, res) => {
      if (req.url === '/slow') {
        received.resolve();
        setTimeout(() => res.end('finished after SIGTERM'), 1_000);
      } else res.end('fast');
    });
    const inFlight = send(`${url}/slow`);
    await received.promise;
    cli!.child.kill('SIGTERM');
    await cli!.waitForOutput(/"msg":"draining"/);
    // The listener is closed: a new connection is refused.
    const { port } = new URL(url);
    await expect(
      new Promise((resolve, reject) => {
        const s = connect(Number(port), '127.0.0.1', () => resolve(s.destroy()));
        s.on('error', reject);
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.text).toBe('finished after SIGTERM');
    expect(res.headers.connection).toBe('close');
    expect(await cli!.exited).toEqual({ code: 0, signal: null });
  });

  it('cuts requests still running when server.gracePeriodMs is over, then exits 0', async () => {
    const received = deferred();
    const { url } = await start({ server: { gracePeriodMs: 300 } }, (req) => {
      received.resolve();
      req.resume();
    });
    const inFlight = send(`${url}/forever`).then(
      () => 'answered',
      () => 'cut',
    );
    await received.promise;
    cli!.child.kill('SIGTERM');
    expect(await inFlight).toBe('cut');
    expect(await cli!.exited).toEqual({ code: 0, signal: null });
  });

  it('reloads the plan on SIGHUP', async () => {
    const { file, url } = await start({ routes: [route('before', '/before')] });
    writeFileSync(file, JSON.stringify(testPlanInput({ monolith: { url: mono!.url }, routes: [route('after', '/after')] })));
    cli!.child.kill('SIGHUP');
    await cli!.waitForOutput(/"msg":"plan reloaded"/);
    expect((await send(`${url}/after`)).headers['x-strangler-route']).toBe('after');
  });

  it('exits 1 with every problem for an invalid plan', async () => {
    tmp = tempDir();
    const file = tmp.writePlan('bad.yaml', 'monolith:\n  url: not a url\nlisten: { prot: 1 }\n');
    cli = spawnCli(['proxy', '--plan', file]);
    expect((await cli.exited).code).toBe(1);
    expect(cli.stderr()).toContain(`${file}:2:8 monolith.url:`);
    expect(cli.stderr()).toContain(`${file}:3:11 listen.prot: unknown key "prot"`);
  });

  it('exits 1 with a coded error when the port is taken', async () => {
    const { url } = await start();
    const taken = new URL(url).port;
    const second = spawnCli(['proxy', '--plan', tmp.path('plan.yaml'), '--port', taken, '--admin-port', '0']);
    expect((await second.exited).code).toBe(1);
    expect(second.stderr()).toMatch(/STRANGLER_LISTEN_FAILED: cannot listen on 127\.0\.0\.1:\d+ .*address already in use/);
  });

  it.each([
    [['--port', '80x', '--plan', 'x.yaml'], /--port must be a port number/],
    [[], /--plan FILE is required/],
  ])('rejects bad usage %j with exit 2', async (args, message) => {
    cli = spawnCli(['proxy', ...args]);
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr()).toMatch(message);
  });

  it('has --help', async () => {
    cli = spawnCli(['proxy', '--help']);
    expect((await cli.exited).code).toBe(0);
    expect(cli.stdout()).toMatch(/Usage: strangler proxy --plan FILE \[--port N\] \[--admin-port N\]/);
    expect(cli.stdout()).toContain('SIGHUP');
  });
});
