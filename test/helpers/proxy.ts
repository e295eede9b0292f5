import { createProxy, type Proxy, type ProxyOptions } from '../../proxy/index.js';
import type { LoadedPlan, Plan } from '../../proxy/plan/index.js';
import { logSink, type LogSink } from './log-sink.js';

export interface RunningProxy {
  proxy: Proxy;
  /** The proxy's URL. */
  url: string;
  adminUrl: string;
  /** Everything the proxy logged, parsed. */
  logs: LogSink;
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
  return { proxy, url, adminUrl, logs, close: () => proxy.close() };
}
