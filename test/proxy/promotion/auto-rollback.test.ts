import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { FlagStageResolver } from '../../../proxy/flags/index.js';
import { RollbackMonitor } from '../../../proxy/promotion/index.js';
import { buildReport } from '../../../proxy/shadow/report/index.js';
import { compileShadowRoutes } from '../../../proxy/shadow/runner/index.js';
import type { ShadowStore } from '../../../proxy/shadow/store/index.js';
import { logSink } from '../../helpers/index.js';
import { route, testPlan } from '../../helpers/plans.js';
import { memoryStore } from '../shadow/runner/helpers.js';

describe('automatic rollback', () => {
  let store: ShadowStore;
  afterEach(() => store.close());

  function setup(rollback: Record<string, unknown> = {}) {
    const plan = testPlan({
      monolith: { url: 'http://127.0.0.1:1' },
      routes: [
        route('checkout', '/checkout', ['GET'], {
          stage: 'live',
          gates: { rollback: { windowMs: 10_000, minRequests: 10, maxFailureRate: 0.1, maxFallbackRate: 0.3, ...rollback } },
        }),
      ],
    });
    const routes = compileShadowRoutes(plan);
    const logs = logSink();
    const logger = pino({ level: 'info' }, logs.stream);
    const resolver = new FlagStageResolver(plan.routes, { logger });
    store = memoryStore();
    const registry = new Registry();
    let now = 1_000_000;
    const monitor = new RollbackMonitor({
      settings: (id) => routes.get(id)?.gates.rollback,
      pin: (r, stage, reason) => resolver.pin(r, stage, reason),
      logger,
      store,
      registry,
      now: () => now,
    });
    const stage = () => (resolver.decide(plan.routes[0]!, { method: 'GET', path: '/checkout', headers: {}, ip: '' }) as { stage: string }).stage;
    return { plan, routes, logs, monitor, registry, stage, tick: (ms: number) => (now += ms) };
  }

  it('pins a live route back to shadow when its failure rate passes the gate, logs why, and the report shows it', async () => {
    const { routes, logs, monitor, registry, stage } = setup();
    expect(stage()).toBe('live');
    // 9 good requests and 2 failures: 2/11 = 18 % > 10 %, with at least 10 requests
    for (let i = 0; i < 9; i++) monitor.record({ route: 'checkout', stage: 'live', failed: false, fellBack: false });
    monitor.record({ route: 'checkout', stage: 'live', failed: true, fellBack: false });
    expect(stage()).toBe('live');
    monitor.record({ route: 'checkout', stage: 'live', failed: true, fellBack: false });

    expect(stage()).toBe('shadow');
    const line = await logs.waitFor((l) => l.event === 'shadow.rollback');
    expect(line).toMatchObject({ route: 'checkout', from: 'live', to: 'shadow', requests: 11 });
    expect(String(line.reason)).toBe('automatic rollback from live: failure rate 18.2% (2/11) over 10s is above 10.0% (gates.rollback.maxFailureRate)');
    // the flags resolver's own audit line for the pin
    expect(await logs.waitFor((l) => l.event === 'stage_change')).toMatchObject({ route: 'checkout', oldStage: 'live', newStage: 'shadow', source: 'pin' });
    expect(await registry.metrics()).toContain('strangler_route_rollbacks_total{route="checkout"} 1');
    const report = buildReport(store.stats(), { routes });
    expect(report.routes[0]!.rollbacks).toEqual([{ at: expect.any(String), message: line.reason }]);
  });

  it('fallbacks count against maxFallbackRate; rampdown is watched too', () => {
    const { monitor, stage } = setup();
    for (let i = 0; i < 7; i++) monitor.record({ route: 'checkout', stage: 'rampdown', failed: false, fellBack: false });
    for (let i = 0; i < 4; i++) monitor.record({ route: 'checkout', stage: 'rampdown', failed: false, fellBack: true });
    expect(stage()).toBe('shadow');
  });

  it('does nothing under minRequests, outside the window, in other stages, or when disabled', () => {
    const a = setup();
    for (let i = 0; i < 5; i++) a.monitor.record({ route: 'checkout', stage: 'live', failed: true, fellBack: false });
    expect(a.stage()).toBe('live');
    // the 5 failures leave the 10 s window
    a.tick(11_000);
    for (let i = 0; i < 10; i++) a.monitor.record({ route: 'checkout', stage: 'live', failed: false, fellBack: false });
    expect(a.stage()).toBe('live');
    for (let i = 0; i < 20; i++) a.monitor.record({ route: 'checkout', stage: 'shadow', failed: true, fellBack: false });
    expect(a.stage()).toBe('live');
    store.close();
    const b = setup({ enabled: false });
    for (let i = 0; i < 20; i++) b.monitor.record({ route: 'checkout', stage: 'live', failed: true, fellBack: false });
    expect(b.stage()).toBe('live');
  });
});
