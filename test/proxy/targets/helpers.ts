import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, existsSync } from 'node:fs';
import { startLambdaService, type LambdaService } from '../../../lambda-runtime/index.js';
import { createPlanProxy, type Proxy } from '../../../proxy/index.js';
import { loadPlanFile, type PlanInput } from '../../../proxy/plan/index.js';
import {
  logSink,
  startProxy,
  startUpstream,
  testPlan,
  testPlanInput,
  tempDir,
  type LogSink,
  type RunningProxy,
  type TempDir,
  type Upstream,
} from '../../helpers/index.js';

/**
 * The Lambda routing test bench: the local Lambda service running test/fixtures/functions/routing.mjs under a few
 * names (and express-throws.mjs, an Express app whose `/boom` answers 500), an Invoke-request counter in front of it (to prove the SDK never retries), a stand-in monolith that
 * answers `monolith <method> <url>`, and proxies with Lambda routes.
 */
export interface LambdaBench {
  lambda: LambdaService;
  /** The counter's endpoint (what plans use as `lambda.endpoint`). */
  endpoint: string;
  /** Invoke HTTP requests that reached the service, in order (function names). */
  invokes: string[];
  monolith: Upstream;
  /** Invocations the function itself saw (`METHOD /path` lines). */
  invocations(): string[];
  /** A running proxy with these routes (and optional plan extras); closed by `close()`. */
  proxy(routes: NonNullable<PlanInput['routes']>, extra?: Partial<PlanInput>): Promise<RunningProxy>;
  /**
   * Everything the plan asks for (createPlanProxy: shadow store, rollback, pins, /stats, the dashboard), from a plan
   * file written in the bench's directory (CLI commands can read it); closed by `close()`.
   */
  planProxy(routes: NonNullable<PlanInput['routes']>, extra?: Partial<PlanInput>): Promise<PlanProxy>;
  close(): Promise<void>;
}

/** A createPlanProxy proxy on the bench, with what tests read from its admin API. */
export interface PlanProxy {
  proxy: Proxy;
  url: string;
  adminUrl: string;
  planFile: string;
  /** Everything the proxy logged, parsed. */
  logs: LogSink;
  /** `GET /metrics` text. */
  metrics(): Promise<string>;
  /** The route's row of `GET /routes`. */
  routeRow(id: string): Promise<RouteRowJson>;
}

/** The fields of a `/routes` row these tests read. */
export interface RouteRowJson {
  id: string;
  stage: string;
  source: string;
  breaker?: string;
  lambda?: { throttles: number };
}

export async function startLambdaBench(): Promise<LambdaBench> {
  const dir: TempDir = tempDir('strangler-lambda-');
  const countFile = dir.path('invocations.txt');
  const environment = { COUNT_FILE: countFile };
  const lambda = await startLambdaService({
    baseDir: 'test/fixtures/functions',
    functions: [
      { name: 'routing', handler: 'routing.handler', timeout: 5, environment },
      { name: 'routing-short', handler: 'routing.handler', timeout: 0.5, environment },
      { name: 'routing-throttled', handler: 'routing.handler', reservedConcurrency: 0, environment },
      { name: 'express-throws', handler: 'express-throws.handler' },
    ],
  });
  const invokes: string[] = [];
  const target = new URL(lambda.endpoint);
  const counter: Server = createServer((req, res) => {
    const m = /\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
    if (m) invokes.push(decodeURIComponent(m[1]!));
    const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(counter.address() as AddressInfo).port}`;
  const monolith = await startUpstream((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      res.writeHead(200, { 'content-type': 'text/plain', 'x-body-bytes': String(body.length) }).end(`monolith ${req.method} ${req.url}`);
    });
  });
  const proxies: Array<{ close(): Promise<void> }> = [];
  return {
    lambda,
    endpoint,
    invokes,
    monolith,
    invocations: () =>
      existsSync(countFile)
        ? readFileSync(countFile, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
        : [],
    async proxy(routes, extra = {}) {
      const plan = testPlan({ monolith: { url: monolith.url }, lambda: { endpoint }, ...extra, routes });
      const running = await startProxy(plan);
      proxies.push(running);
      return running;
    },
    async planProxy(routes, extra = {}) {
      const planFile = dir.writePlan(`plan-${proxies.length}.yaml`, testPlanInput({ monolith: { url: monolith.url }, lambda: { endpoint }, ...extra, routes }));
      const logs = logSink();
      const proxy = await createPlanProxy(loadPlanFile(planFile), { logDestination: logs.stream });
      proxies.push(proxy);
      const { url, adminUrl } = await proxy.listen();
      return {
        proxy,
        url,
        adminUrl,
        planFile,
        logs,
        metrics: async () => (await fetch(`${adminUrl}/metrics`)).text(),
        async routeRow(id) {
          const body = (await (await fetch(`${adminUrl}/routes`)).json()) as { routes: RouteRowJson[] };
          const row = body.routes.find((r) => r.id === id);
          if (row === undefined) throw new Error(`no route ${id} in /routes`);
          return row;
        },
      };
    },
    async close() {
      for (const p of proxies.splice(0)) await p.close();
      await new Promise<void>((resolve) => {
        counter.close(() => resolve());
        counter.closeAllConnections();
      });
      await monolith.close();
      await lambda.close();
      dir.remove();
    },
  };
}
