import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import { createStageResolver, type FlagStageResolver } from '../../../proxy/flags/index.js';
import { loadPlanFile, type Route } from '../../../proxy/plan/index.js';
import type { Stage } from '../../../proxy/stages/plan.js';
import { eventually, logSink, request, tempFixtures } from './helpers.js';

// Sticky percentage rollouts: LaunchDarkly buckets by a hash of the flag key, salt and context key, so a user's
// stage depends on nothing that changes across requests, restarts or replicas.
const KEYS = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

let files: ReturnType<typeof tempFixtures>;
const open: FlagStageResolver[] = [];
beforeEach(() => {
  files = tempFixtures({ 'plan.yaml': 'plan-file.yaml', 'flags.json': 'flags.json' });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
  files.cleanup();
});

async function flagsSet(...args: string[]): Promise<void> {
  const out: string[] = [];
  const code = await main(['flags', 'set', ...args, '--plan', files.path('plan.yaml')], { out: (t) => out.push(t), err: (t) => out.push(t) });
  expect(code, out.join('')).toBe(0);
}

async function start(): Promise<{ resolver: FlagStageResolver; route: Route }> {
  const loaded = loadPlanFile(files.path('plan.yaml'));
  const resolver = await createStageResolver(loaded, { logger: logSink().logger });
  open.push(resolver);
  return { resolver, route: loaded.plan.routes[0]! };
}

/** Each key's stage on the route. */
async function stages(resolver: FlagStageResolver, route: Route): Promise<Map<string, Stage>> {
  const out = new Map<string, Stage>();
  for (const key of KEYS) out.set(key, (await resolver.decide(route, request({ headers: { 'x-user-id': key } }))).stage);
  return out;
}

const share = (m: Map<string, Stage>, stage: Stage) => [...m.values()].filter((s) => s === stage).length / m.size;

describe('sticky percentage rollouts', () => {
  it('10,000 keys on a 25% rollout land within ±2%, and identically after a restart', async () => {
    await flagsSet('products', 'live', '--percent', '25', '--rest', 'shadow');
    const first = await start();
    const before = await stages(first.resolver, first.route);
    expect(share(before, 'live')).toBeGreaterThanOrEqual(0.23);
    expect(share(before, 'live')).toBeLessThanOrEqual(0.27);
    expect(share(before, 'live') + share(before, 'shadow')).toBe(1);

    // A restart: a new resolver (new SDK client) from the same file.
    await first.resolver.close();
    const second = await start();
    expect(await stages(second.resolver, second.route)).toEqual(before);
  });

  it('ramping 20% → 40% keeps every user already on the Lambda', async () => {
    await flagsSet('products', 'live', '--percent', '20', '--rest', 'off');
    const { resolver, route } = await start();
    const at20 = await stages(resolver, route);

    await flagsSet('products', 'live', '--percent', '40'); // --rest defaults to the current rollout's other stage
    await eventually(() => (resolver.routeStage('products')?.stage === 'off 60% / live 40%' ? true : undefined), 5_000, 'the 40% rollout');
    const at40 = await stages(resolver, route);

    const movedBack = KEYS.filter((k) => at20.get(k) === 'live' && at40.get(k) !== 'live');
    expect(movedBack).toEqual([]);
    expect(share(at20, 'live')).toBeGreaterThanOrEqual(0.18);
    expect(share(at20, 'live')).toBeLessThanOrEqual(0.22);
    expect(share(at40, 'live')).toBeGreaterThanOrEqual(0.38);
    expect(share(at40, 'live')).toBeLessThanOrEqual(0.42);

    // Past half: a writer that ordered slices by weight would flip the order here and move users back.
    await flagsSet('products', 'live', '--percent', '70');
    await eventually(() => (resolver.routeStage('products')?.stage === 'off 30% / live 70%' ? true : undefined), 5_000, 'the 70% rollout');
    const at70 = await stages(resolver, route);
    expect(KEYS.filter((k) => at40.get(k) === 'live' && at70.get(k) !== 'live')).toEqual([]);
  });

  it('without a key, one client (address + User-Agent) stays on one side', async () => {
    await flagsSet('products', 'live', '--percent', '50', '--rest', 'off');
    const { resolver, route } = await start();
    const clients = Array.from({ length: 200 }, (_, i) => ({ ip: `10.0.${i >> 8}.${i & 255}`, headers: { 'user-agent': `agent-${i % 7}` } }));
    const first = await Promise.all(clients.map(async (c) => (await resolver.decide(route, request(c))).stage));
    for (let round = 0; round < 3; round++) {
      expect(await Promise.all(clients.map(async (c) => (await resolver.decide(route, request(c))).stage))).toEqual(first);
    }
    // Both sides are in use: the anonymous key is not one constant.
    expect(new Set(first)).toEqual(new Set(['live', 'off']));
  });
});
