import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { monthlyCost } from '../../planner/cost.js';
import { SECONDS_PER_MONTH } from '../../planner/pricing.js';
import { spawnCli, type CliProcess } from '../helpers/index.js';
import { stranglerLine } from '../planner/analyze/log-lines.js';

/**
 * `strangler analyze` as a user runs it (the compiled CLI in a child process) on a small generated request log of
 * the example shop: six minutes with a steady catalog on Lambda, a checkout spike, rare shipping reads, a slow order,
 * a WebSocket, and paths the plan does not name.
 */

const SHOP_PLAN = fileURLToPath(new URL('../../migration-plans/shop.yaml', import.meta.url));
const T0 = Date.UTC(2026, 11, 3, 10);
const MINUTES = 6;

describe('strangler analyze (e2e)', () => {
  let dir: string;
  let log: string;
  const clis: CliProcess[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'strangler-analyze-e2e-'));
    log = join(dir, 'proxy.log');
    const lines: string[] = [];
    for (let m = 0; m < MINUTES; m++) {
      const minute = T0 + m * 60_000;
      // 600 a minute (10/s), on Lambda, 8 ms each.
      for (let i = 0; i < 600; i++)
        lines.push(
          stranglerLine({
            time: minute + i * 100,
            method: 'GET',
            path: `/products/${1 + (i % 50)}`,
            routeId: 'catalog-detail',
            servedBy: 'lambda',
            durationMs: 8,
          }),
        );
      if (m === 2)
        for (let i = 0; i < 120; i++)
          lines.push(stranglerLine({ time: minute + i * 200, method: 'POST', path: '/checkout', routeId: 'checkout', status: 201, durationMs: 40 }));
      if (m % 2 === 0)
        lines.push(
          stranglerLine({ time: minute + 30_000, method: 'GET', path: `/shipping/${crypto.randomUUID()}`, routeId: 'shipping-status', durationMs: 5 }),
        );
      for (let i = 0; i < 3; i++)
        lines.push(stranglerLine({ time: minute + 1000 * i, method: 'GET', path: `/api/users/${1000 + m * 10 + i}/preferences`, status: 404, durationMs: 2 }));
    }
    lines.push(
      stranglerLine({ time: T0 + 90_000, method: 'GET', path: '/orders/9b2e0c4a-3c1f-4e55-9a0f-1f6f2d6c9d11', routeId: 'orders-detail', durationMs: 12_000 }),
    );
    lines.push(stranglerLine({ time: T0 + 95_000, method: 'GET', path: '/live', status: 101, upgrade: true, durationMs: 3 }));
    writeFileSync(log, `${lines.sort((a, b) => JSON.parse(a).time - JSON.parse(b).time).join('\n')}\n`);
  });
  afterEach(async () => {
    for (const c of clis.splice(0)) await c.stop();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports routes, fitness, candidates and their forecast as JSON', async () => {
    const cli = spawnCli(['analyze', '--log', log, '--plan', SHOP_PLAN, '--arch', 'arm64', '--json']);
    clis.push(cli);
    expect((await cli.exited).code).toBe(0);
    expect(cli.stderr()).toBe('');
    const report = JSON.parse(cli.stdout());
    const total = MINUTES * 600 + 120 + 3 + MINUTES * 3 + 2;
    expect(report.requests).toBe(total);
    expect(report.window).toEqual({ from: T0, to: T0 + MINUTES * 60_000, minutes: MINUTES });
    const route = (key: string) => report.routes.find((r: { key: string }) => r.key === key);

    // Matched traffic counts under the plan's routes; the rest under inferred templates.
    expect(route('GET /products/:id')).toMatchObject({
      routeId: 'catalog-detail',
      stage: 'live',
      requests: 3600,
      share: 3600 / total,
      lambdaMeanMs: 8,
      candidate: 'shop-catalog',
    });
    expect(route('GET /api/users/:param/preferences')).toMatchObject({ routeId: null, stage: null, requests: 18, status: [0, 0, 0, 18, 0] });

    // Fitness, with the reasons' evidence.
    const finding = (key: string, rule: string) => route(key).fitness.findings.find((f: { rule: string }) => f.rule === rule);
    expect(route('GET /products/:id').fitness.verdict).toBe('monolith-cheaper');
    expect(finding('GET /products/:id', 'load').evidence).toMatchObject({ meanRatePerS: 10, cv: 0, minutes: 6 });
    expect(route('POST /checkout').fitness.verdict).toBe('fit');
    expect(finding('POST /checkout', 'load').reason).toMatch(/^spiky load/);
    expect(finding('GET /shipping/:orderId', 'load').reason).toMatch(/^low load/);
    expect(route('GET /orders/:id').fitness.verdict).toBe('unfit');
    expect(finding('GET /orders/:id', 'duration').evidence).toMatchObject({ requestsOverTimeout: 1, timeoutMs: 10_000 });
    expect(route('GET /live').fitness.verdict).toBe('unfit');
    expect(finding('GET /live', 'streaming').evidence).toEqual({ upgrades: 1, sse: 0, streaming: 0 });

    // The catalog candidate: the plan's function, its memory (256 MB), Lambda's durations, cost on both architectures.
    const catalog = report.candidates.find((c: { functionName: string }) => c.functionName === 'shop-catalog');
    expect(catalog).toMatchObject({
      name: 'products',
      groupedBy: 'resource',
      stages: ['live'],
      fitness: 'monolith-cheaper',
      routes: ['GET /products/:id'],
      findings: [{ rule: 'load', verdict: 'monolith-cheaper' }],
    });
    const requestsPerMonth = Math.round(10 * SECONDS_PER_MONTH);
    expect(catalog.forecast).toMatchObject({ requestsPerMonth, durationMs: 8, durationSource: 'lambda', memoryMb: 256, provisioned: { concurrency: 0 } });
    expect(catalog.forecast.cost.arm64).toEqual(monthlyCost({ requestsPerMonth, durationMs: 8, memoryMb: 256, architecture: 'arm64' }));
    expect(catalog.forecast.cost.x86_64).toEqual(monthlyCost({ requestsPerMonth, durationMs: 8, memoryMb: 256 }));
    expect(parse(catalog.snippet)).toMatchObject({ functions: [{ name: 'shop-catalog', memorySize: 256 }], routes: [{ id: 'catalog-detail', stage: 'live' }] });

    // Rare shipping reads: cold, so provisioned concurrency is proposed and priced.
    const shipping = report.candidates.find((c: { functionName: string }) => c.functionName === 'shop-shipping');
    expect(shipping.forecast.coldStarts.share).toBeGreaterThan(0.01);
    expect(shipping.forecast.provisioned.concurrency).toBeGreaterThanOrEqual(1);
    expect(shipping.forecast.provisioned.monthlyUsd.arm64).toBeGreaterThan(0);

    // The unmatched template becomes a candidate of its own resource, with a pasteable route.
    const api = report.candidates.find((c: { name: string }) => c.name === 'api');
    expect(parse(api.snippet).routes).toEqual([
      {
        id: 'get-api-users-by-id-preferences',
        match: { methods: ['GET', 'HEAD'], path: '/api/users/:id/preferences' },
        function: { name: 'api' },
        stage: 'off',
      },
    ]);
    expect(report.settings).toMatchObject({ architecture: 'arm64', prices: { region: 'us-east-1', takenOn: '2026-12-03' } });
  });

  it('prints the tables without --json', async () => {
    const cli = spawnCli(['analyze', '--log', log, '--plan', SHOP_PLAN]);
    clis.push(cli);
    expect((await cli.exited).code).toBe(0);
    const out = cli.stdout();
    expect(out).toMatch(/^ {2}GET \/products\/:id +catalog-detail +live +3600 /m);
    expect(out).toMatch(/^ {2}GET \/orders\/:id: unfit \(duration\): 1 request\(s\) took longer than the 10 s route timeout$/m);
    expect(out).toMatch(/^ {2}shop-catalog +resource products +1 /m);
  });
});
