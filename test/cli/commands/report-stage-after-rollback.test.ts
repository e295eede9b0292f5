import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinnedStage } from '../../../proxy/shadow/report/index.js';
import { send, type LogSink } from '../../helpers/index.js';
import { startLambdaBench, type LambdaBench } from '../../proxy/targets/helpers.js';
import { run } from './shadow-cli-helpers.js';

// Issue 16 item 11: `strangler report` (read from the store files) showed `live` for a route that automatic
// rollback had pinned to `shadow`. The store keeps rollbacks, pins and unpins as events; the report shows the
// stage they left the route in, and the flag's stage again once it is unpinned.
let bench: LambdaBench;
let planFile: string;
let adminUrl: string;
let url: string;
let logs: LogSink;

beforeAll(async () => {
  bench = await startLambdaBench();
  ({ planFile, adminUrl, url, logs } = await bench.planProxy(
    [
      {
        id: 'checkout',
        match: { path: '/checkout' },
        function: { name: 'routing' },
        stage: 'live',
        gates: { rollback: { minRequests: 3, maxFailureRate: 0.5, windowMs: 60_000 } },
      },
      { id: 'catalog', match: { path: '/catalog' }, function: { name: 'routing' }, stage: 'live' },
    ],
    // Next to the plan file: `strangler report --plan` reads it.
    { shadow: { store: { path: 'report-stage.sqlite' } } },
  ));
});
afterAll(async () => {
  await bench?.close();
});

const stageColumn = (out: string, route: string): string =>
  out
    .split('\n')
    .find((l) => l.startsWith(`${route} `))!
    .split(/\s{2,}/)[1]!;

describe('strangler report after an automatic rollback', () => {
  it('before: both routes show the stage of the plan', async () => {
    const r = await run(['report', '--plan', planFile]);
    expect(r.code).toBe(0);
    expect(stageColumn(r.out, 'checkout')).toBe('live');
    expect(stageColumn(r.out, 'catalog')).toBe('live');
  });

  it('shows shadow for the route the rollback pinned, from the store files and from the admin API', async () => {
    // Three POSTs the function fails (no fallback for POST): 100 % failures over minRequests 3.
    for (let i = 0; i < 3; i++) expect((await send(`${url}/checkout?action=throw`, { method: 'POST', body: '{}' })).status).toBe(502);
    const line = await logs.waitFor((l) => l.event === 'shadow.rollback' && l.route === 'checkout');

    const local = await run(['report', '--plan', planFile]);
    expect(local.code).toBe(0);
    const at = (await run(['report', '--plan', planFile, '--json'])).out;
    const rollbackAt = (JSON.parse(at) as { routes: Array<{ route: string; rollbacks: Array<{ at: string; message: string }> }> }).routes[0]!.rollbacks[0]!;
    expect(rollbackAt.message).toBe(line.reason);
    expect(stageColumn(local.out, 'checkout')).toBe(`shadow (automatic rollback at ${rollbackAt.at})`);
    expect(stageColumn(local.out, 'catalog')).toBe('live');
    // The next gate follows the pinned stage: the route has to pass the live gate again.
    expect(local.out).toMatch(/^checkout\s.*\slive: (pass|FAIL)$/m);

    const admin = await run(['report', '--plan', planFile, '--admin', adminUrl, '--json']);
    expect((JSON.parse(admin.out) as { routes: Array<{ route: string; stage: string }> }).routes.map((r) => [r.route, r.stage])).toEqual([
      ['checkout', 'shadow'],
      ['catalog', 'live'],
    ]);
  });

  it('after strangler unpin the report shows the flag stage again; an admin pin shows as pinned', async () => {
    const unpin = await run(['unpin', 'checkout', '--admin', adminUrl]);
    expect(unpin.code).toBe(0);
    expect(unpin.out).toMatch(
      /^checkout: unpinned on http:\/\/127\.0\.0\.1:\d+ \(was pinned to shadow: automatic rollback from live: .*\); now live \(static\)\n$/,
    );
    expect(stageColumn((await run(['report', '--plan', planFile])).out, 'checkout')).toBe('live');

    expect((await run(['pin', 'catalog', 'off', '--reason', 'INC-7', '--admin', adminUrl])).code).toBe(0);
    expect(stageColumn((await run(['report', '--plan', planFile])).out, 'catalog')).toMatch(/^off \(pinned at \d{4}-\d\d-\d\dT[\d:.]+Z\)$/);
  });
});

describe('pinnedStage', () => {
  const at = Date.UTC(2026, 0, 2, 3, 4, 5);
  it.each([
    ['no events', [], undefined],
    ['a rollback', [{ kind: 'rollback', at }], 'shadow (automatic rollback at 2026-01-02T03:04:05.000Z)'],
    ['an admin pin', [{ kind: 'pin', at, detail: { stage: 'off' } }], 'off (pinned at 2026-01-02T03:04:05.000Z)'],
    [
      'an unpin after the rollback',
      [
        { kind: 'unpin', at: at + 1 },
        { kind: 'rollback', at },
      ],
      undefined,
    ],
    [
      'a promotion after the rollback',
      [
        { kind: 'promote', at: at + 1 },
        { kind: 'rollback', at },
      ],
      undefined,
    ],
    [
      'a rollback after a promotion',
      [
        { kind: 'rollback', at: at + 1 },
        { kind: 'promote', at },
      ],
      'shadow (automatic rollback at 2026-01-02T03:04:05.001Z)',
    ],
  ] as const)('%s → %s', (_name, events, expected) => {
    expect(pinnedStage(events as never)).toBe(expected);
  });
});
