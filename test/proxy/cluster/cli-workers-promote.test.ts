import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, route, send, spawnCli, startUpstream, tempDir, waitFor, type CliProcess, type TempDir, type Upstream } from '../../helpers/index.js';

/** `POST /routes/:id/promote` on `strangler proxy --workers 2`: one worker makes the change, every worker follows it. */
describe('strangler proxy --workers: promotion through the fleet admin API', () => {
  let mono: Upstream | undefined;
  let cli: CliProcess | undefined;
  let tmp: TempDir | undefined;
  afterEach(async () => {
    await cli?.stop();
    await mono?.close();
    tmp?.remove();
    cli = mono = tmp = undefined;
  });

  it('writes the flags file and the audit line once; the merged /routes shows every worker on the new stage', async () => {
    mono = await startUpstream((req, res) => res.end(`ok ${req.url}`));
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', {
      monolith: { url: mono.url },
      lambda: { endpoint: `http://127.0.0.1:${await closedPort()}`, region: 'us-east-1' },
      flags: { source: 'file', path: 'flags.json' },
      routes: [route('r', '/r', ['GET'])],
    });
    cli = spawnCli(['proxy', '--plan', file, '--port', '0', '--admin-port', '0', '--workers', '2'], {
      env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    });
    await cli.waitForOutput(/strangler proxy\s+(http:\/\/\S+)/, 30_000);
    const [, adminUrl] = await cli.waitForOutput(/admin API\s+(http:\/\/\S+)/);
    await waitFor(async () => (await send(`${adminUrl}/routes`)).json<{ workers: number }>().workers === 2, {
      timeoutMs: 15_000,
      what: 'both workers listening',
    });

    const bad = await send(`${adminUrl}/routes/r/promote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"to":' });
    expect(bad.status).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('STRANGLER_PROMOTE_INVALID');

    const res = await send(`${adminUrl}/routes/r/promote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'shadow', reason: 'INC-3' }),
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'promoted', route: 'r', from: 'off', to: 'shadow', gate: null, change: { source: 'file', serves: 'shadow' } });
    expect(existsSync(tmp.path('flags.json'))).toBe(true);
    const audit = readFileSync(tmp.path('.strangler/audit.jsonl'), 'utf8').trim().split('\n');
    expect(audit).toHaveLength(1);
    await waitFor(async () => (await send(`${adminUrl}/routes`)).json<{ routes: Array<{ id: string; stage: string }> }>().routes[0]?.stage === 'shadow', {
      timeoutMs: 10_000,
      what: 'every worker follows the flags file',
    });
  });
});
