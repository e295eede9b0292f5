import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLambdaService, type LambdaService } from '../../../lambda-runtime/index.js';
import { createStageResolver } from '../../../proxy/flags/index.js';
import { loaded, logSink, send, startProxy, startUpstream, testPlan, type RunningProxy, type Upstream } from '../../helpers/index.js';

// Issue 15: automatic rollback used to live in the shadow service, so a proxy without one (no shadow store) never
// rolled a failing live route back. It now runs wherever the proxy can pin, shadowed or not.
let lambda: LambdaService;
let monolith: Upstream;
let running: RunningProxy;

beforeAll(async () => {
  lambda = await startLambdaService({ baseDir: 'test/fixtures/functions', functions: [{ name: 'express-throws', handler: 'express-throws.handler' }] });
  monolith = await startUpstream((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`monolith ${req.method} ${req.url}`));
  const plan = loaded(
    testPlan({
      monolith: { url: monolith.url },
      lambda: { endpoint: lambda.endpoint },
      routes: [
        {
          id: 'payments',
          match: { path: '/payments/*' },
          function: { name: 'express-throws' },
          stage: 'live',
          fallback: { breaker: { minimumRequests: 1000 } },
          gates: { rollback: { minRequests: 4, maxFailureRate: 0.5, windowMs: 60_000 } },
        },
      ],
    }),
  );
  const sink = logSink();
  // The plan's own (static) flags resolver, which can pin; no `shadow` option: no shadow service, no store.
  const resolver = await createStageResolver(plan, { logger: pino({ level: 'info' }, sink.stream) });
  running = await startProxy(plan, { stageResolver: resolver, logger: pino({ level: 'info' }, sink.stream) });
  running.logs = sink;
});
afterAll(async () => {
  await running?.close();
  await monolith?.close();
  await lambda?.close();
});

const post = (path: string) => send(`${running.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

describe('automatic rollback without a shadow store', () => {
  it('pins a failing live route back to shadow: the log line, the metric and /routes say so, and the monolith serves', async () => {
    // prepare: the route serves from the function
    const ok = await post('/payments/fine');
    expect(ok.headers['x-strangler-served-by']).toBe('lambda');

    // act: POSTs the function answers 500 (no fallback for a POST that ran): 3 failures of 4 requests > 50 %
    for (let i = 0; i < 3; i++) expect((await post('/payments/boom')).status).toBe(500);

    // assert
    const line = await running.logs.waitFor((l) => l.event === 'shadow.rollback' && l.route === 'payments');
    expect(line).toMatchObject({ from: 'live', to: 'shadow', requests: 4 });
    expect(String(line.reason)).toContain('failure rate 75.0% (3/4)');
    const metrics = await (await fetch(`${running.adminUrl}/metrics`)).text();
    expect(metrics).toContain('strangler_route_rollbacks_total{route="payments"} 1');
    const routes = (await (await fetch(`${running.adminUrl}/routes`)).json()) as { routes: { id: string; stage: string; source: string }[] };
    expect(routes.routes.find((r) => r.id === 'payments')).toMatchObject({ stage: 'shadow', source: 'pin' });
    const after = await post('/payments/boom');
    expect(after.status).toBe(200);
    expect(after.text).toBe('monolith POST /payments/boom');
  });
});
