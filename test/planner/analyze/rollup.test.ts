import { describe, expect, it } from 'vitest';
import { LogRollup } from '../../../planner/analyze/index.js';
import type { AccessRecord } from '../../../planner/logs/formats.js';
import { PlanSchema } from '../../../proxy/plan/index.js';
import { buildRouter } from '../../../proxy/routing/router.js';
import { T0 } from './helpers.js';

const plan = PlanSchema.parse({
  monolith: { url: 'http://127.0.0.1:3000' },
  routes: [
    { id: 'search', match: { methods: ['GET'], path: '/products/search' }, function: { name: 'catalog' } },
    { id: 'detail', match: { methods: ['GET'], path: '/products/:id' }, function: { name: 'catalog' } },
  ],
});

const rec = (path: string, over: Partial<AccessRecord> = {}): AccessRecord => ({ time: T0, method: 'GET', path, status: 200, durationMs: 5, ...over });

describe('LogRollup', () => {
  it("counts matched traffic under the plan route's id and pattern (first match wins)", () => {
    const rollup = new LogRollup({ router: buildRouter(plan.routes, plan.routing) });
    for (const p of ['/products/1', '/products/2', '/products/search']) rollup.add(rec(p));
    const aggs = rollup.aggregates();
    expect(aggs.map((a) => [a.template, a.routeId, a.requests])).toEqual([
      ['GET /products/:id', 'detail', 2],
      ['GET /products/search', 'search', 1],
    ]);
  });

  it('infers templates for unmatched traffic: ids and UUIDs fold, methods stay apart', () => {
    const rollup = new LogRollup({ router: buildRouter(plan.routes, plan.routing) });
    rollup.add(rec('/orders/17'));
    rollup.add(rec('/orders/9b2e0c4a-3c1f-4e55-9a0f-1f6f2d6c9d11'));
    rollup.add(rec('/orders/18', { method: 'post' }));
    expect(rollup.aggregates().map((a) => [a.template, a.routeId, a.requests])).toEqual([
      ['GET /orders/:param', null, 2],
      ['POST /orders/:param', null, 1],
    ]);
  });

  it("trusts the strangler log's routeId while the plan has that route", () => {
    const rollup = new LogRollup({ router: buildRouter(plan.routes, plan.routing) });
    rollup.add(rec('/legacy/7', { routeId: 'detail' }));
    rollup.add(rec('/legacy/8', { routeId: 'gone' }));
    expect(rollup.aggregates().map((a) => [a.template, a.routeId])).toEqual([
      ['GET /legacy/:param', null],
      ['GET /products/:id', 'detail'],
    ]);
  });

  it('merges minutes recorded before a prefix folded into the folded template', () => {
    const rollup = new LogRollup({ templates: { maxChildren: 3 } });
    rollup.add(rec('/blog/hello-world'));
    for (const [i, slug] of ['a-post', 'b-post', 'c-post', 'd-post'].entries()) rollup.add(rec(`/blog/${slug}`, { time: T0 + (i + 1) * 60_000 }));
    const aggs = rollup.aggregates();
    expect(new Set(aggs.map((a) => a.template))).toEqual(new Set(['GET /blog/:param']));
    expect(aggs.reduce((n, a) => n + a.requests, 0)).toBe(5);
  });

  it('keeps sides, sizes and upgrades', () => {
    const rollup = new LogRollup();
    rollup.add(rec('/ws', { upgrade: true, servedBy: 'lambda', durationMs: 30, responseBytes: 900, requestBytes: 20 }));
    expect(rollup.aggregates()[0]).toMatchObject({ upgrades: 1, lambdaMsSum: 30, monolithMsSum: 0, maxResponseBytes: 900, maxRequestBytes: 20 });
  });
});
