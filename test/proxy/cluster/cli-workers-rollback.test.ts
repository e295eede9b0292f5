import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, spawnCli, tempDir, testPlanInput, waitFor, type CliProcess, type TempDir } from '../../helpers/index.js';
import { startLambdaBench, type LambdaBench } from '../targets/helpers.js';

type Line = Record<string, unknown> & { pid: number; msg: string };

/** An automatic rollback on one worker of `strangler proxy --workers 2` takes the route back for every worker. */
describe('strangler proxy --workers: automatic rollback', () => {
  let bench: LambdaBench;
  let tmp: TempDir;
  let cli: CliProcess;
  let url: string;

  beforeAll(async () => {
    bench = await startLambdaBench();
    tmp = tempDir();
    const file = tmp.writePlan(
      'plan.yaml',
      testPlanInput({
        monolith: { url: bench.monolith.url },
        lambda: { endpoint: bench.endpoint },
        routes: [
          {
            id: 'checkout',
            match: { path: '/checkout' },
            function: { name: 'routing' },
            stage: 'live',
            gates: { rollback: { minRequests: 3, maxFailureRate: 0.5, windowMs: 60_000 } },
          },
        ],
      }),
    );
    cli = spawnCli(['proxy', '--plan', file, '--workers', '2'], { env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' } });
    [, url] = (await cli.waitForOutput(/strangler proxy\s+(http:\/\/\S+)/, 30_000)) as unknown as [string, string];
  });
  afterAll(async () => {
    await cli?.stop();
    await bench?.close();
    tmp?.remove();
  });

  const lines = (): Line[] => cli!.logLines() as Line[];

  /** A POST on one kept-alive connection: every one reaches the same worker (cluster hands out connections). */
  function post(agent: Agent, path: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(`${url}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': '2' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end('{}');
    });
  }

  it('pins the route to shadow on the other worker too, audit-logged once', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // Three POSTs the function fails (no fallback for POST) on one worker: 100 % failures over minRequests 3.
      for (let i = 0; i < 3; i++) expect(await post(agent, '/checkout?action=throw')).toBe(502);
    } finally {
      agent.destroy();
    }
    // The primary's line and the worker's lines come from two processes: wait for each.
    await cli.waitForOutput(/"event":"rollback.fanout"/);
    await cli.waitForOutput(/"event":"shadow.rollback"/);
    await cli.waitForOutput(/"event":"stage_change"/);
    const rolledBack = lines().filter((l) => l.event === 'shadow.rollback');
    expect(rolledBack).toHaveLength(1);
    const failingPid = rolledBack[0]!.pid;
    const fanout = lines().find((l) => l.event === 'rollback.fanout')!;
    expect(fanout).toMatchObject({ route: 'checkout', fromPid: failingPid, workers: 1, level: 30 });
    expect(lines().filter((l) => l.event === 'stage_change' && l['newStage'] === 'shadow')).toHaveLength(1);

    // The other worker, which saw no failure, serves the route in shadow (the monolith answers) from the pin.
    const workers = [
      ...new Set(
        lines()
          .filter((l) => l.event === 'worker.start')
          .map((l) => l['workerPid'] as number),
      ),
    ];
    const other = workers.find((p) => p !== failingPid)!;
    await waitFor(
      async () => {
        expect((await send(`${url}/checkout`)).status).toBe(200);
        return lines().some((l) => l.msg === 'request' && l.pid === other);
      },
      { timeoutMs: 10_000, what: 'a request served by the other worker' },
    );
    const served = lines().filter((l) => l.msg === 'request' && l.pid === other && l['routeId'] === 'checkout' && l['method'] === 'GET');
    expect(served.length).toBeGreaterThan(0);
    for (const l of served) expect(l).toMatchObject({ stage: 'shadow', stageSource: 'pin', servedBy: 'monolith' });
  });
});
