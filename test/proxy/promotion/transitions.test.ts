import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isGated, promote, restOf, type CurrentStage } from '../../../proxy/promotion/index.js';
import { loadPlanFile } from '../../../proxy/plan/index.js';
import type { Stage } from '../../../proxy/stages/plan.js';
import type { PlanInput } from '../../../proxy/plan/index.js';
import { tempDir, testPlanInput, type TempDir } from '../../helpers/index.js';

const at = (...shares: [Stage, number][]): CurrentStage => ({
  shares: shares.map(([stage, percent]) => ({ stage, percent })),
  source: 'flag',
  targeted: 0,
  text: shares.length === 1 ? shares[0]![0] : shares.map(([s, p]) => `${s} ${p}%`).join(' / '),
});

describe('transition rules', () => {
  it.each<[Stage, CurrentStage | null, boolean]>([
    ['live', at(['shadow', 100]), true],
    ['live', at(['shadow', 90], ['live', 10]), true],
    ['rampdown', at(['live', 100]), true],
    ['complete', at(['rampdown', 100]), true],
    ['live', null, true],
    ['live', { shares: [], source: 'flag', targeted: 0, text: 'invalid: fallthrough is not a stage' }, true],
    ['shadow', at(['live', 100]), false],
    ['live', at(['rampdown', 100]), false],
    ['live', at(['live', 50], ['rampdown', 50]), false],
    ['off', at(['shadow', 100]), false],
    ['dualwrite', null, false],
  ])('entering %s from %j is gated: %s', (to, current, gated) => {
    expect(isGated(to, current)).toBe(gated);
  });

  it.each<[CurrentStage | null, Stage, Stage | undefined]>([
    [at(['shadow', 100]), 'live', 'shadow'],
    [at(['live', 100]), 'live', undefined],
    [at(['shadow', 90], ['live', 10]), 'live', undefined],
    [{ ...at(['shadow', 100]), targeted: 1, text: 'shadow (+1 rules/targets)' }, 'live', undefined],
    [{ ...at(['shadow', 100]), text: 'shadow (flag off)' }, 'live', undefined],
    [null, 'live', undefined],
  ])('the rest of a rollout from %j towards %s is %s', (current, to, rest) => {
    expect(restOf(current, to)).toBe(rest);
  });
});

describe('promote: the change to make with LaunchDarkly and static stages', () => {
  let dir: TempDir | undefined;
  afterEach(() => {
    dir?.remove();
    dir = undefined;
  });
  const planWith = (flags: PlanInput['flags']) => {
    dir = tempDir();
    return loadPlanFile(
      dir.writePlan(
        'plan.yaml',
        testPlanInput({
          monolith: { url: 'http://127.0.0.1:1' },
          flags,
          routes: [{ id: 'products', match: { path: '/p' }, function: { name: 'p' }, stage: 'shadow' }],
        }),
      ),
    );
  };
  const noResults = async () => undefined;

  it('static: the plan field to set, and the audit line; nothing else is written', async () => {
    const loaded = planWith({ source: 'static' });
    const r = await promote({ route: 'products', to: 'off' }, { loaded, user: 'ana', results: noResults });
    expect(r).toMatchObject({
      outcome: 'change-to-make',
      from: 'shadow',
      gate: null,
      change: { source: 'static', field: 'routes[0].stage', stage: 'off', file: loaded.file },
    });
    expect(r.outcome !== 'refused' && r.audit.file).toBe(dir!.path('.strangler/audit.jsonl'));
  });

  it('static: a percentage is STRANGLER_PROMOTE_UNSUPPORTED (409)', async () => {
    const loaded = planWith({ source: 'static' });
    await expect(promote({ route: 'products', to: 'off', percent: 10 }, { loaded, user: 'ana', results: noResults })).rejects.toMatchObject({
      code: 'STRANGLER_PROMOTE_UNSUPPORTED',
      statusCode: 409,
    });
    expect(existsSync(dir!.path('.strangler/audit.jsonl'))).toBe(false);
  });

  it('LaunchDarkly: the stage is not readable here, so a forward move is gated; the fallthrough to set is returned', async () => {
    const loaded = planWith({ source: 'launchdarkly' });
    const refused = await promote({ route: 'products', to: 'live' }, { loaded, user: 'ana', results: noResults });
    expect(refused).toMatchObject({ outcome: 'refused', from: null, error: { code: 'STRANGLER_PROMOTE_GATES_FAILED' } });
    const r = await promote({ route: 'products', to: 'off', percent: 30 }, { loaded, user: 'ana', results: noResults });
    expect(r).toMatchObject({
      outcome: 'change-to-make',
      change: { source: 'launchdarkly', key: 'strangler-route-products', serve: 'a percentage rollout: off 30%, shadow 70% (by user)' },
    });
  });

  it('an unknown route is STRANGLER_SHADOW_UNKNOWN_ROUTE (404) naming the routes', async () => {
    const loaded = planWith({ source: 'static' });
    await expect(promote({ route: 'nope', to: 'off' }, { loaded, user: 'ana', results: noResults })).rejects.toMatchObject({
      code: 'STRANGLER_SHADOW_UNKNOWN_ROUTE',
      statusCode: 404,
      message: expect.stringContaining('(routes: products)'),
    });
  });
});
