import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSample, emptyAggregate, type TrafficAggregate } from '../../../planner/inventory/index.js';
import { readTraffic } from '../../../proxy/inventory/index.js';
import { PgShadowStore } from '../../../proxy/shadow/store/pg-store.js';
import { startPostgres, type TestPostgres } from '../../helpers/postgres.js';

const MIN = 60_000;
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % MIN);
let server: TestPostgres;

beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.close();
});

function minute(at: number, template: string, routeId: string | null, statuses: number[], side: 'monolith' | 'lambda' = 'monolith'): TrafficAggregate {
  const a = emptyAggregate(at, template.split(' ')[0]!, template, routeId);
  for (const status of statuses)
    addSample(a, { time: at, method: a.method, template, routeId, status, side, durationMs: 40, requestBytes: 300, responseBytes: 7_000_000 });
  return a;
}

describe('traffic minutes in the PostgreSQL results store', () => {
  it('two replicas writing the same minute add up, read back as the aggregates; retention prunes', async () => {
    const url = await server.database('traffic');
    const opts = { url, maxSamples: 3, retentionDays: 2, flushIntervalMs: 0 };
    const one = new PgShadowStore(opts);
    const two = new PgShadowStore(opts);
    try {
      const a = minute(T0, 'GET /orders/:id', 'orders', [200, 200]);
      const b = minute(T0, 'GET /orders/:id', 'orders', [502], 'lambda');
      const old = minute(T0 - 10 * MIN, 'GET /old', null, [200]);
      await Promise.all([one.writeTraffic([a, old], 0), two.writeTraffic([b], 0)]);
      const [merged, ...rest] = (await readTraffic(two, { since: T0 })) as TrafficAggregate[];
      expect(rest).toEqual([]);
      expect(merged).toMatchObject({
        minute: T0,
        template: 'GET /orders/:id',
        routeId: 'orders',
        requests: 3,
        status: [0, 2, 0, 0, 1],
        monolithMsSum: 80,
        lambdaMsSum: 40,
        maxResponseBytes: 7_000_000,
      });
      expect(merged!.responseBytes.reduce((n, c) => n + c, 0)).toBe(3);
      expect((await readTraffic(one, { since: 0 })).map((x) => x.template)).toEqual(['GET /old', 'GET /orders/:id']);
      await one.writeTraffic([], T0 - 5 * MIN);
      expect((await readTraffic(one, { since: 0 })).map((x) => x.template)).toEqual(['GET /orders/:id']);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
