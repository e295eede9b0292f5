import { describe, expect, it } from 'vitest';
import type { TrafficAggregate } from '../../../planner/inventory/index.js';
import { OTHER } from '../../../planner/templates.js';
import { TrafficInventory, type AnsweredRequest, type TrafficStore } from '../../../proxy/inventory/index.js';
import { MAX_KEPT } from '../../../proxy/inventory/inventory.js';
import { logSink } from '../../helpers/index.js';
import { createLogger } from '../../../proxy/logging/index.js';

const MIN = 60_000;
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % MIN);
const on = { enabled: true, retention: '7d' };

const get = (url: string, route: AnsweredRequest['route'] = null): AnsweredRequest => ({
  req: { method: 'GET', url, headers: {} },
  route,
  servedBy: 'monolith',
  sentHeaders: ['content-length', '2'],
});

/** A store double that records each write, as the SQLite and PostgreSQL stores are given them. */
function recordingStore(fail = false): TrafficStore & { writes: Array<{ minutes: TrafficAggregate[]; pruneBefore: number }> } {
  const writes: Array<{ minutes: TrafficAggregate[]; pruneBefore: number }> = [];
  return {
    location: 'test',
    writes,
    writeTraffic(minutes, pruneBefore) {
      if (fail) throw new Error('disk full');
      writes.push({ minutes: [...minutes], pruneBefore });
    },
    readTraffic: (since) => writes.flatMap((w) => w.minutes).filter((a) => a.minute >= since),
  };
}

describe('the inventory: minutes counted, written when they end, bounded', () => {
  it('counts matched requests under the route pattern and unmatched ones under an inferred template', async () => {
    let now = T0 + 1_000;
    const inv = new TrafficInventory({ settings: on, now: () => now, flushIntervalMs: 0 });
    inv.request(get('/orders/1', { id: 'orders', match: { path: '/orders/:id' } }), 200, 5);
    inv.request(get('/users/8812/avatar?size=3'), 200, 5);
    inv.request(get('/users/97/avatar'), 404, 5);
    const { local, stored, store } = await inv.read(T0);
    expect(store).toBeNull();
    expect(stored).toEqual([]);
    expect(local.map((a) => [a.template, a.routeId, a.requests, a.status])).toEqual([
      ['GET /orders/:id', 'orders', 1, [0, 1, 0, 0, 0]],
      ['GET /users/:param/avatar', null, 2, [0, 1, 0, 1, 0]],
    ]);
    now += MIN;
    await inv.close();
  });

  it('with a store: a minute is written once it ended, the open one on close; pruning follows the retention', async () => {
    let now = T0 + 10_000;
    const store = recordingStore();
    const inv = new TrafficInventory({ settings: { enabled: true, retention: '2h' }, store, now: () => now, flushIntervalMs: 0 });
    inv.request(get('/a'), 200, 1);
    await inv.flush();
    // Positive control for "nothing written yet": the minute is still open, and readable as this process's own.
    // (The flush still prunes: an empty write.)
    expect(store.writes.flatMap((w) => w.minutes)).toEqual([]);
    expect((await inv.read(T0)).local.map((a) => a.template)).toEqual(['GET /a']);
    now = T0 + MIN + 5_000;
    inv.request(get('/b'), 200, 1);
    await inv.flush();
    expect(store.writes.at(-1)).toMatchObject({
      minutes: [expect.objectContaining({ template: 'GET /a', requests: 1 })],
      pruneBefore: T0 + MIN - 2 * 3_600_000,
    });
    const read = await inv.read(T0);
    expect(read.stored.map((a) => a.template)).toEqual(['GET /a']);
    expect(read.local.map((a) => a.template)).toEqual(['GET /b']);
    await inv.close();
    expect(store.writes.flatMap((w) => w.minutes.map((a) => a.template))).toEqual(['GET /a', 'GET /b']);
    // Closed: no more counting.
    inv.request(get('/c'), 200, 1);
    expect((await inv.read(T0)).local).toEqual([]);
  });

  it('without a store keeps the last hour in memory and forgets older minutes', async () => {
    let now = T0;
    const inv = new TrafficInventory({ settings: on, now: () => now, flushIntervalMs: 0 });
    inv.request(get('/first'), 200, 1);
    now = T0 + 30 * MIN;
    inv.request(get('/second'), 200, 1);
    await inv.flush();
    expect((await inv.read(0)).local.map((a) => a.template)).toEqual(['GET /first', 'GET /second']);
    now = T0 + 61 * MIN;
    await inv.flush();
    expect((await inv.read(0)).local.map((a) => a.template)).toEqual(['GET /second']);
    await inv.close();
  });

  it('a store that fails costs no request: the minutes stay in memory and the failure is logged', async () => {
    let now = T0;
    const logs = logSink();
    const inv = new TrafficInventory({
      settings: on,
      store: recordingStore(true),
      now: () => now,
      flushIntervalMs: 0,
      logger: createLogger({ level: 'info', destination: logs.stream }),
    });
    inv.request(get('/a'), 200, 1);
    now = T0 + MIN;
    await inv.flush();
    expect((await inv.read(0)).local.map((a) => a.template)).toEqual(['GET /a']);
    await logs.waitFor((l) => l.event === 'inventory.store_failed');
    expect(logs.lines.find((l) => l.event === 'inventory.store_failed')).toMatchObject({ level: 40, minutes: 1 });
    await inv.close();
  });

  it('turned off (a reload can do it) counts nothing; turned on again counts', async () => {
    const inv = new TrafficInventory({ settings: { enabled: false, retention: '7d' }, now: () => T0, flushIntervalMs: 0 });
    inv.request(get('/off'), 200, 1);
    inv.update(on);
    inv.request(get('/on'), 200, 1);
    expect((await inv.read(0)).local.map((a) => a.template)).toEqual(['GET /on']);
    await inv.close();
  });

  it('a scanner cannot grow memory: past the template cap new paths count as (other)', async () => {
    const inv = new TrafficInventory({ settings: on, now: () => T0, flushIntervalMs: 0, templates: { maxTemplates: 5 } });
    for (let i = 0; i < 500; i++) inv.request(get(`/probe-${i}/x${i}/admin.php`), 404, 1);
    const { local } = await inv.read(0);
    expect(local.length).toBeLessThanOrEqual(6);
    expect(local.reduce((n, a) => n + a.requests, 0)).toBe(500);
    expect(local.find((a) => a.template === OTHER)?.requests).toBeGreaterThan(400);
    await inv.close();
  });

  it('memory holds at most MAX_KEPT minute aggregates, forgetting the oldest first', async () => {
    let now = T0;
    const inv = new TrafficInventory({
      settings: on,
      now: () => now,
      flushIntervalMs: 0,
      maxKeys: 100_000,
      templates: { maxTemplates: 100_000, maxChildren: 100_000 },
    });
    const perMinute = Math.ceil(MAX_KEPT / 2);
    for (let m = 0; m < 3; m++) {
      now = T0 + m * MIN + 1_000;
      for (let i = 0; i < perMinute; i++) inv.request(get(`/m${m}-${i}`), 200, 1);
    }
    now = T0 + 3 * MIN;
    await inv.flush();
    const { local } = await inv.read(0);
    expect(local.length).toBe(MAX_KEPT);
    // The first minute went first; the last one is whole.
    expect(local.filter((a) => a.minute === T0 + 2 * MIN).length).toBe(perMinute);
    expect(local.some((a) => a.minute === T0)).toBe(false);
    await inv.close();
  });
});
