import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { send, spawnCli, startUpstream, tempDir, testPlanInput, waitFor, type CliProcess, type TempDir, type Upstream } from '../helpers/index.js';

const VALID_FLAGS = readFileSync(new URL('../fixtures/flags/flags.json', import.meta.url), 'utf8');

/**
 * Issue 16 item 8: with a missing or invalid flags file `strangler proxy` used to exit 0 without a word (the SDK's
 * file source holds nothing that keeps the event loop alive). It must serve default stages, say so in `/readyz`,
 * pick the file up when a valid one appears; and a start-up error that is fatal must exit non-zero, coded.
 */
describe('strangler proxy starting without a usable flags file', () => {
  let mono: Upstream | undefined;
  let cli: CliProcess | undefined;
  let tmp: TempDir | undefined;
  let blocker: Server | undefined;

  afterEach(async () => {
    await cli?.stop();
    cli = undefined;
    await mono?.close();
    mono = undefined;
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    blocker = undefined;
    tmp?.remove();
    tmp = undefined;
  });

  async function startWithFlags(flagsText: string | undefined) {
    mono = await startUpstream((req, res) => res.end(`monolith ${req.url}`));
    tmp = tempDir();
    if (flagsText !== undefined) writeFileSync(tmp.path('flags.json'), flagsText);
    const file = tmp.writePlan(
      'plan.yaml',
      testPlanInput({
        monolith: { url: mono.url },
        flags: { source: 'file', path: 'flags.json' },
        routes: [{ id: 'products', match: { path: '/products' }, function: { name: 'products' } }],
      }),
    );
    cli = spawnCli(['proxy', '--plan', file, '--port', '0', '--admin-port', '0']);
    const [, url] = await cli.waitForOutput(/strangler proxy\s+(http:\/\/\S+)/);
    const [, adminUrl] = await cli.waitForOutput(/admin API\s+(http:\/\/\S+)/);
    return { url: url!, adminUrl: adminUrl! };
  }

  async function productsRow(adminUrl: string): Promise<{ stage: string; source: string; reason?: string }> {
    const body = (await send(`${adminUrl}/routes`)).json() as { routes: Array<{ id: string; stage: string; source: string; reason?: string }> };
    return body.routes.find((r) => r.id === 'products')!;
  }

  it.each([
    ['missing', undefined],
    ['invalid', '{ "flags": { "strangler-route-products": '],
  ])('keeps serving default stages with a %s flags file, /readyz says flags not loaded (degraded), then uses the file once valid', async (_what, initial) => {
    const { url, adminUrl } = await startWithFlags(initial);

    // Default stage (`off`): the monolith answers, and the process is still running.
    const res = await send(`${url}/products`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('monolith /products');
    expect(res.headers['x-strangler-served-by']).toBe('monolith');
    expect(await productsRow(adminUrl)).toMatchObject({ stage: 'off', source: 'default', reason: 'flags not loaded' });
    const ready = await send(`${adminUrl}/readyz`);
    // Flags not loaded degrade the instance without taking it out of a load balancer (it serves default stages).
    expect(ready.status).toBe(200);
    expect(ready.json()).toMatchObject({
      ready: true,
      status: 'degraded',
      degraded: ['resolver'],
      checks: { resolver: { ok: false, detail: expect.stringMatching(/flags are not loaded/) } },
    });

    // A valid file appears: its stage (`shadow`) is used and readiness turns green.
    writeFileSync(tmp!.path('flags.json'), VALID_FLAGS);
    await waitFor(async () => (await productsRow(adminUrl)).stage === 'shadow', { what: 'the flags file to be loaded' });
    expect(await productsRow(adminUrl)).toMatchObject({ stage: 'shadow', source: 'flag' });
    const readyAfter = await send(`${adminUrl}/readyz`);
    expect(readyAfter.json()).toMatchObject({ checks: { resolver: { ok: true } } });
    expect(cli!.child.exitCode).toBeNull();
  });

  it('exits 1 with STRANGLER_PLAN_INVALID on stderr for a bad plan', async () => {
    tmp = tempDir();
    const file = tmp.writePlan('bad.yaml', 'monolith:\n  url: not a url\n');
    cli = spawnCli(['proxy', '--plan', file]);
    expect((await cli.exited).code).toBe(1);
    expect(cli.stderr()).toContain(`${file}:2:8 monolith.url:`);
    expect(cli.stderr()).toContain(`strangler proxy: STRANGLER_PLAN_INVALID: ${file}: invalid: 1 problem(s)`);
  });

  it('exits 1 with STRANGLER_LISTEN_FAILED on stderr when the port is in use, even with the flags file missing', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    mono = await startUpstream((_req, res) => res.end('ok'));
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', testPlanInput({ monolith: { url: mono.url }, flags: { source: 'file', path: 'flags.json' } }));
    cli = spawnCli(['proxy', '--plan', file, '--port', String(taken), '--admin-port', '0']);
    expect((await cli.exited).code).toBe(1);
    expect(cli.stderr()).toMatch(new RegExp(`strangler proxy: STRANGLER_LISTEN_FAILED: cannot listen on 127\\.0\\.0\\.1:${taken} .*address already in use`));
  });
});
