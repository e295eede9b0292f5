import { createProxy, type Proxy, type ProxyOptions } from '../../proxy/index.js';
import type { LoadedPlan, Plan } from '../../proxy/plan/index.js';
import { useStarted, type FixtureScope } from './lifecycle.js';
import { logSink, type LogSink } from './log-sink.js';

export interface RunningProxy {
  proxy: Proxy;
  /** The proxy's URL. */
  url: string;
  adminUrl: string;
  /** Everything the proxy logged, parsed. */
  logs: LogSink;
  /** The text of the admin listener's `GET /metrics` now. */
  metrics(): Promise<string>;
  /** `proxy.close()`. */
  close(): Promise<void>;
}

/**
 * Creates and starts a proxy whose logs go to a sink. Close it in afterEach.
 * @example
 *   const running = await startProxy(testPlan({ monolith: { url: mono.url } }));
 *   await request(running.url).get('/').expect(200);
 *   await running.close();
 */
export async function startProxy(plan: Plan | LoadedPlan, options: ProxyOptions = {}): Promise<RunningProxy> {
  const logs = logSink();
  const proxy = createProxy(plan, { logDestination: logs.stream, ...options });
  const { url, adminUrl } = await proxy.listen();
  return { proxy, url, adminUrl, logs, metrics: async () => (await fetch(`${adminUrl}/metrics`)).text(), close: () => proxy.close() };
}

/**
 * Registers a hook that closes every proxy started through the returned function (after each test, or after the
 * file with scope `all`), so a test never needs its own afterEach for it.
 * @example
 *   const startProxy = useProxy();
 *   it('…', async () => {
 *     const running = await startProxy(testPlan({ monolith: { url: mono.url } }));
 *     expect(await running.metrics()).toContain('strangler_requests_total');
 *   });
 */
export function useProxy(scope: FixtureScope = 'each'): (plan: Plan | LoadedPlan, options?: ProxyOptions) => Promise<RunningProxy> {
  return useStarted(startProxy, scope);
}
