import { afterEach, describe, expect, it } from 'vitest';
import type { RequestOutcome, StageResolver } from '../../../../proxy/stages/resolver.js';
import { createShadowService, type ShadowService } from '../../../../proxy/shadow/index.js';
import { route, startProxy, startUpstream, testPlan, waitFor, type RunningProxy, type Upstream } from '../../../helpers/index.js';
import { json } from '../runner/helpers.js';

/**
 * A shadowed request reports both sides and the comparison's verdict to the stage resolver's `complete` (the
 * LaunchDarkly source turns it into a migration op event with a consistency check: test/proxy/flags).
 */
describe('shadow results in the resolver’s outcome', () => {
  let mono: Upstream | undefined;
  let running: RunningProxy | undefined;
  let service: ShadowService | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
    await service?.close();
    service = undefined;
    await mono?.close();
    mono = undefined;
  });

  /** The monolith answers `monolith`; the shadow stage sends the Lambda a copy; `complete` outcomes are collected. */
  async function start(
    monolith: (url: string) => unknown,
    callLambda: Parameters<typeof createShadowService>[0]['callLambda'],
  ): Promise<{ url: string; outcomes: RequestOutcome[] }> {
    mono = await startUpstream((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(monolith(req.url ?? '/')));
    });
    const plan = testPlan({
      monolith: { url: mono.url },
      shadow: { store: { path: ':memory:' } },
      routes: [route('products', '/products/:id', ['GET'], { stage: 'shadow' })],
    });
    service = createShadowService({ loaded: { plan, dir: process.cwd() }, callLambda });
    const outcomes: RequestOutcome[] = [];
    const resolver: StageResolver = {
      decide: (r) => ({ stage: r.stage, source: 'flag' }),
      complete: (outcome) => outcomes.push(outcome),
      ready: () => true,
      close: async () => {},
    };
    running = await startProxy(plan, { shadow: service, stageResolver: resolver });
    return { url: running.url, outcomes };
  }

  it('shadow stage: monolith authoritative, Lambda shadow, consistent true on a match and false on a difference', async () => {
    // The function agrees on product 1 and prices product 2 differently.
    const { url, outcomes } = await start(
      (url) => ({ id: url === '/products/2' ? 2 : 1, price: 10 }),
      async (req) => json({ id: req.url === '/products/2' ? 2 : 1, price: req.url === '/products/2' ? 12 : 10 }),
    );
    expect((await fetch(`${url}/products/1`)).status).toBe(200);
    await waitFor(() => outcomes.length === 1);
    expect((await fetch(`${url}/products/2`)).status).toBe(200);
    await waitFor(() => outcomes.length === 2);

    const summary = outcomes.map((o) => ({ sides: o.sides.map((s) => `${s.side}:${s.role}:${s.error}`), consistent: o.consistent }));
    expect(summary).toEqual([
      { sides: ['monolith:authoritative:false', 'lambda:shadow:false'], consistent: true },
      { sides: ['monolith:authoritative:false', 'lambda:shadow:false'], consistent: false },
    ]);
    for (const o of outcomes) for (const s of o.sides) expect(s.latencyMs).toBeGreaterThan(0);
  });

  it('a shadow that fails reports the shadow side as an error, with no verdict', async () => {
    const { url, outcomes } = await start(
      () => ({}),
      async () => {
        throw Object.assign(new Error('function crashed'), { code: 'STRANGLER_LAMBDA_FUNCTION_ERROR' });
      },
    );
    expect((await fetch(`${url}/products/9`)).status).toBe(200);
    await waitFor(() => outcomes.length === 1);
    expect(outcomes[0]!.sides.map((s) => `${s.side}:${s.role}:${s.error}`)).toEqual(['monolith:authoritative:false', 'lambda:shadow:true']);
    expect(outcomes[0]!.consistent).toBeUndefined();
  });
});
