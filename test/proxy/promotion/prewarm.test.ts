import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLambdaService, type LambdaService } from '../../../lambda-runtime/index.js';
import { PROMOTION_ERROR_CODES, prewarm } from '../../../proxy/promotion/index.js';
import type { Route } from '../../../proxy/plan/index.js';
import { testPlan } from '../../helpers/index.js';

// `prewarm` against the real local Lambda service: concurrent warm-up invocations start execution environments,
// and the REPORT lines of their log tails (`Init Duration`) tell how many cold starts were absorbed.
let lambda: LambdaService;

beforeAll(async () => {
  lambda = await startLambdaService({
    baseDir: 'test/fixtures/functions',
    functions: [
      { name: 'warmup', handler: 'warmup.handler' },
      { name: 'broken', handler: 'init-throw.handler' },
    ],
  });
});
afterAll(async () => {
  await lambda?.close();
});

function routeFor(fn: string): { route: Route; lambda: ReturnType<typeof testPlan>['lambda'] } {
  const plan = testPlan({
    monolith: { url: 'http://127.0.0.1:1' },
    lambda: { endpoint: lambda.endpoint },
    routes: [{ id: 'r', match: { path: '/r' }, function: { name: fn }, stage: 'shadow' }],
  });
  return { route: plan.routes[0]!, lambda: plan.lambda };
}

describe('prewarm', () => {
  it('starts N environments at once and counts their cold starts; warm ones are not counted again', async () => {
    const { route, lambda: config } = routeFor('warmup');

    const first = await prewarm(route, 3, { lambda: config });
    expect(first).toMatchObject({ function: 'warmup', requested: 3, invoked: 3, coldStarts: 3, unknown: 0, failed: 0, failures: [] });
    expect(first.initDurationsMs).toHaveLength(3);
    // the fixture's init waits ~50 ms
    for (const ms of first.initDurationsMs) expect(ms).toBeGreaterThanOrEqual(40);
    expect(lambda.instances().filter((i) => i.function === 'warmup')).toHaveLength(3);

    // the three environments are warm now: the same prewarm absorbs no cold start
    const second = await prewarm(route, 3, { lambda: config });
    expect(second).toMatchObject({ invoked: 3, coldStarts: 0, failed: 0 });
  });

  it('reports failed invocations with the proxy codes instead of throwing', async () => {
    const broken = await prewarm(routeFor('broken').route, 2, { lambda: routeFor('broken').lambda });
    expect(broken).toMatchObject({ requested: 2, invoked: 0, coldStarts: 0, failed: 2 });
    expect(broken.failures.map((f) => f.code)).toEqual(['STRANGLER_LAMBDA_FUNCTION_ERROR', 'STRANGLER_LAMBDA_FUNCTION_ERROR']);
    expect(broken.failures[0]!.message).toContain('broken');

    const missing = await prewarm(routeFor('nope').route, 1, { lambda: routeFor('nope').lambda });
    expect(missing.failed).toBe(1);
    expect(missing.failures[0]!.code).toMatch(/^STRANGLER_LAMBDA_/);
  });

  it.each([0, -1, 1.5, 1001, Number.NaN])('refuses a count of %s with STRANGLER_PROMOTE_INVALID', async (count) => {
    await expect(prewarm(routeFor('warmup').route, count, { lambda: routeFor('warmup').lambda })).rejects.toMatchObject({
      code: PROMOTION_ERROR_CODES.invalid,
      statusCode: 400,
    });
  });
});
