import { afterEach, describe, expect, it } from 'vitest';
import { addSample, emptyAggregate, type TrafficAggregate } from '../../../planner/inventory/index.js';
import { readTraffic } from '../../../proxy/inventory/index.js';
import { ShadowStore } from '../../../proxy/shadow/store/index.js';
import { tempDir } from '../shadow/store/helpers.js';

const MIN = 60_000;
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % MIN);
const opts = { maxSamples: 3, retentionDays: 14, flushIntervalMs: 0 } as const;

function minute(
  at: number,
  template: string,
  routeId: string | null,
  samples: Array<{ status: number; side?: 'monolith' | 'lambda'; ms: number; req?: number; res?: number; sse?: boolean }>,
): TrafficAggregate {
  const a = emptyAggregate(at, template.split(' ')[0]!, template, routeId);
  for (const s of samples)
    addSample(a, {
      time: at,
      method: a.method,
      template,
      routeId,
      status: s.status,
      side: s.side ?? 'monolith',
      durationMs: s.ms,
      requestBytes: s.req ?? 0,
      ...(s.res !== undefined ? { responseBytes: s.res } : { streaming: true }),
      ...(s.sse ? { sse: true } : {}),
    });
  return a;
}

describe('traffic minutes in the SQLite results store', () => {
  const dirs: Array<() => void> = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d();
  });
  const storePath = (): string => {
    const { dir, cleanup } = tempDir();
    dirs.push(cleanup);
    return `${dir}/shadow.sqlite`;
  };

  it('reads back what was written, histograms and all, from `since` on', async () => {
    const path = storePath();
    const store = ShadowStore.open(path, opts);
    const a = minute(T0, 'GET /orders/:id', 'orders', [
      { status: 200, ms: 12, req: 0, res: 2_000 },
      { status: 503, side: 'lambda', ms: 400, req: 20_000, sse: true },
    ]);
    const b = minute(T0 + MIN, 'GET /health', null, [{ status: 200, ms: 1, res: 10 }]);
    store.writeTraffic([a, b], 0);
    expect(await readTraffic(store, { since: T0 })).toEqual([a, b]);
    // `since` inside a minute starts at that minute's start.
    expect(await readTraffic(store, { since: T0 + MIN + 30_000 })).toEqual([b]);
    store.close();
  });

  it('two processes writing the same minute add up (counts, histograms, sums) and keep the larger maximum', async () => {
    const path = storePath();
    // Two stores on one file: what two workers or two replicas do.
    const one = ShadowStore.open(path, opts);
    const two = ShadowStore.open(path, opts);
    const a = minute(T0, 'POST /cart', 'cart', [{ status: 200, ms: 30, req: 500, res: 100 }]);
    const b = minute(T0, 'POST /cart', 'cart', [
      { status: 500, ms: 3_000, req: 9_000_000, res: 50 },
      { status: 201, side: 'lambda', ms: 8, res: 1 },
    ]);
    one.writeTraffic([a], 0);
    two.writeTraffic([b], 0);
    const [merged] = await readTraffic(one, { since: T0 });
    const expected = emptyAggregate(T0, 'POST', 'POST /cart', 'cart');
    for (const x of [a, b]) {
      for (const k of ['status', 'monolithMs', 'lambdaMs', 'requestBytes', 'responseBytes'] as const) expected[k] = expected[k].map((n, i) => n + x[k][i]!);
    }
    expect(merged).toEqual({
      ...expected,
      requests: 3,
      monolithMsSum: 3_030,
      lambdaMsSum: 8,
      maxRequestBytes: 9_000_000,
      maxResponseBytes: 100,
    });
    one.close();
    two.close();
  });

  it('drops minutes older than the retention it is given, and keeps the rest across a restart', async () => {
    const path = storePath();
    const store = ShadowStore.open(path, opts);
    store.writeTraffic(
      [minute(T0, 'GET /old', null, [{ status: 200, ms: 1, res: 1 }]), minute(T0 + 10 * MIN, 'GET /new', null, [{ status: 200, ms: 1, res: 1 }])],
      0,
    );
    expect((await readTraffic(store, { since: 0 })).map((a) => a.template)).toEqual(['GET /old', 'GET /new']);
    store.writeTraffic([], T0 + 5 * MIN);
    store.close();
    const reopened = ShadowStore.open(path, { ...opts, mustExist: true });
    expect((await readTraffic(reopened, { since: 0 })).map((a) => a.template)).toEqual(['GET /new']);
    reopened.close();
  });

  it('a store without inventory tables (a test double) reads as no minutes', async () => {
    expect(await readTraffic({}, { since: 0 })).toEqual([]);
  });
});
