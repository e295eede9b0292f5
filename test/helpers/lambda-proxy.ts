import type { RequestListener } from 'node:http';
import { startLambdaService, type LambdaService, type LambdaServiceOptions } from '../../lambda-runtime/index.js';
import { createPlanProxy, type Proxy } from '../../proxy/index.js';
import type { Plan } from '../../proxy/plan/index.js';
import { logSink, type LogSink } from './log-sink.js';
import { loaded } from './plans.js';
import { startUpstream, type Upstream } from './upstream.js';

export interface LambdaProxy {
  lambda: LambdaService;
  mono: Upstream;
  proxy: Proxy;
  /** Everything the proxy logged, parsed. */
  logs: LogSink;
  url: string;
  adminUrl: string;
  /** Closes the proxy, the monolith and the Lambda service. */
  close(): Promise<void>;
}

/**
 * The whole system for a test file: the local Lambda service running test/fixtures/functions, a stand-in monolith
 * (`monolith`, default: echoes the request as JSON), and a proxy made by `createPlanProxy` (shadow service, Lambda
 * shadow caller and stage resolver wired as `strangler proxy` wires them) with its logs in a sink.
 * @example
 *   const sys = await startLambdaProxy({ functions: [{ name: 'routing', handler: 'routing.handler' }],
 *     plan: ({ monolith, lambda }) => testPlan({ monolith: { url: monolith }, lambda: { endpoint: lambda }, routes }) });
 *   await sys.close();
 */
export async function startLambdaProxy(options: {
  functions: LambdaServiceOptions['functions'];
  monolith?: RequestListener;
  plan: (endpoints: { monolith: string; lambda: string }) => Plan;
}): Promise<LambdaProxy> {
  const lambda = await startLambdaService({ baseDir: 'test/fixtures/functions', functions: options.functions });
  const mono = await startUpstream(options.monolith);
  const logs = logSink();
  const proxy = await createPlanProxy(loaded(options.plan({ monolith: mono.url, lambda: lambda.endpoint })), { logDestination: logs.stream, env: {} });
  const { url, adminUrl } = await proxy.listen();
  return {
    lambda,
    mono,
    proxy,
    logs,
    url,
    adminUrl,
    async close() {
      await proxy.close();
      await mono.close();
      await lambda.close();
    },
  };
}

/**
 * The value of one series on a proxy's `/metrics` (0 when it has not been counted yet).
 * @example
 *   await metricValue(adminUrl, 'strangler_rejected_requests_total', 'code="STRANGLER_BAD_HOST"') // 1
 */
export async function metricValue(adminUrl: string, name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${adminUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}
