import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, existsSync } from 'node:fs';
import { startLambdaService, type LambdaService } from '../../../lambda-runtime/index.js';
import type { PlanInput } from '../../../proxy/plan/index.js';
import { startProxy, startUpstream, testPlan, tempDir, type RunningProxy, type TempDir, type Upstream } from '../../helpers/index.js';

/**
 * The Lambda routing test bench: the local Lambda service running test/fixtures/functions/routing.mjs under a few
 * names, an Invoke-request counter in front of it (to prove the SDK never retries), a stand-in monolith that
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
  close(): Promise<void>;
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
  const proxies: RunningProxy[] = [];
  return {
    lambda,
    endpoint,
    invokes,
    monolith,
    invocations: () => (existsSync(countFile) ? readFileSync(countFile, 'utf8').split('\n').filter((l) => l !== '') : []),
    async proxy(routes, extra = {}) {
      const plan = testPlan({ monolith: { url: monolith.url }, lambda: { endpoint }, ...extra, routes });
      const running = await startProxy(plan);
      proxies.push(running);
      return running;
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
