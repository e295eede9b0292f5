import { afterEach, describe, expect, it } from 'vitest';
import { route, send, spawnCli, startUpstream, tempDir, waitFor, type CliProcess, type TempDir, type Upstream } from '../../helpers/index.js';

type Line = Record<string, unknown> & { pid: number; msg: string };

/** `GET /traffic` on `strangler proxy --workers 2`: every worker's minutes, added up once. */
describe('strangler proxy --workers: the traffic inventory across workers', () => {
  let mono: Upstream | undefined;
  let cli: CliProcess | undefined;
  let tmp: TempDir | undefined;

  afterEach(async () => {
    await cli?.stop();
    await mono?.close();
    tmp?.remove();
  });

  it('GET /traffic on the primary counts the requests of both workers, each once', async () => {
    mono = await startUpstream((req, res) => res.end(`ok ${req.url}`));
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', { monolith: { url: mono.url }, routes: [route('r', '/r', ['GET'])] });
    cli = spawnCli(['proxy', '--plan', file, '--port', '0', '--admin-port', '0', '--workers', '2'], {
      env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    });
    const [, url] = await cli.waitForOutput(/strangler proxy\s+(http:\/\/\S+)/, 30_000);
    const [, adminUrl] = await cli.waitForOutput(/admin API\s+(http:\/\/\S+)/);
    const lines = (): Line[] => cli!.logLines() as Line[];
    await waitFor(() => lines().filter((l) => l.event === 'worker.start').length >= 2, { what: 'both workers started' });
    const served = (): Line[] => lines().filter((l) => l.msg === 'request');
    // Fresh connections round-robin over the workers: go on until both served some, matched and unmatched.
    let sent = 0;
    await waitFor(
      async () => {
        expect((await send(`${url}/r`)).status).toBe(200);
        expect((await send(`${url}/items/${sent}`)).status).toBe(200);
        sent += 2;
        return new Set(served().map((l) => l.pid)).size >= 2;
      },
      { timeoutMs: 15_000, what: 'requests served by both workers' },
    );
    await waitFor(() => served().length >= sent, { what: 'every request logged' });

    const res = await fetch(`${adminUrl}/traffic?since=1h`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.workers).toBe(2);
    expect(body.requests).toBe(sent);
    expect(body.routes).toEqual([{ id: 'r', stage: 'off', requests: sent / 2, lambda: 0 }]);
    expect(body.unmatched.templates.map((t: { template: string; requests: number }) => [t.template, t.requests])).toEqual([['GET /items/:param', sent / 2]]);
  });
});
