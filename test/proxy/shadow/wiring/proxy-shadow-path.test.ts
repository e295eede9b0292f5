import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Exchange } from '../../../../proxy/exchange/exchange.js';
import type { Generation } from '../../../../proxy/server/generation.js';
import { createShadowService, type ShadowCallRequest, type ShadowService } from '../../../../proxy/shadow/index.js';
import { serveMonolithWithShadow } from '../../../../proxy/targets/index.js';
import { route, startProxy, startUpstream, testPlan, type RunningProxy, type Upstream } from '../../../helpers/index.js';
import { drained, json } from '../runner/helpers.js';

// The proxy's dispatch with the shadow path wired the way proxy/targets/shadow-serve.ts documents (the real
// dispatch does not call it yet): everything else — router, stage, monolith target, Exchange — is the real proxy.
const wired = vi.hoisted(() => ({ service: undefined as ShadowService | undefined }));
vi.mock('../../../../proxy/server/dispatch.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../../proxy/server/dispatch.js')>();
  return {
    ...original,
    dispatch(ex: Exchange<Generation>) {
      const service = wired.service;
      if (service && ex.plan.serve === 'monolith' && serveMonolithWithShadow(ex, ex.generation.targets.monolith, service)) return;
      original.dispatch(ex);
    },
  };
});

describe('the proxy in shadow: monolith serves, the Lambda gets a copy', () => {
  let mono: Upstream | undefined;
  let running: RunningProxy | undefined;
  afterEach(async () => {
    await running?.close();
    await wired.service?.close();
    wired.service = undefined;
    await mono?.close();
  });

  async function start(shadow: Record<string, unknown>, lambda: (req: ShadowCallRequest) => Promise<ReturnType<typeof json>>) {
    mono = await startUpstream((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: 7, method: req.method, got: body }));
      });
    });
    const plan = testPlan({
      monolith: { url: mono.url },
      shadow: { store: { path: ':memory:' } },
      routes: [route('products', '/products/:id', ['GET', 'POST'], { stage: 'shadow', shadow })],
    });
    wired.service = createShadowService({ loaded: { plan, dir: process.cwd() }, callLambda: lambda });
    running = await startProxy(plan);
    return running;
  }

  it('answers the client first while the function sleeps 1 s, then compares', async () => {
    const order: string[] = [];
    const { url } = await start({}, async (req) => {
      await new Promise((r) => setTimeout(r, 1_000));
      order.push('shadow done');
      expect(req.headers).toMatchObject({ 'x-strangler-shadow': '1' });
      return json({ id: 7, method: 'GET', got: '' });
    });
    const res = await fetch(`${url}/products/7`, { headers: { 'x-request-id': 'client-req-1' } });
    expect(await res.json()).toEqual({ id: 7, method: 'GET', got: '' });
    order.push('client answered');
    await drained(wired.service!.runner);
    expect(order).toEqual(['client answered', 'shadow done']);
    expect((await wired.service!.store.readStats('products'))[0]).toMatchObject({ compared: 1, matched: 1 });
  });

  it('POST is not shadowed by default; with dry-run the function gets it marked, with the same body, Host and request id', async () => {
    const seen: ShadowCallRequest[] = [];
    const lambda = async (req: ShadowCallRequest) => (seen.push(req), json({ id: 7, method: req.method, got: req.body.toString() }));
    const first = await start({}, lambda);
    await fetch(`${first.url}/products/7`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } });
    await drained(wired.service!.runner);
    expect(seen).toHaveLength(0);
    expect((await wired.service!.store.readStats('products'))[0]!.skipped).toEqual({ unsafe: 1 });
    await running!.close();
    await wired.service!.close();
    await mono!.close();

    const second = await start({ unsafe: 'dry-run' }, lambda);
    const res = await fetch(`${second.url}/products/7`, {
      method: 'POST',
      body: '{"n":1}',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-dry' },
    });
    expect(await res.json()).toEqual({ id: 7, method: 'POST', got: '{"n":1}' });
    await drained(wired.service!.runner);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/products/7', dryRun: true, requestId: 'req-dry' });
    expect(seen[0]!.body.toString()).toBe('{"n":1}');
    expect(seen[0]!.headers).toMatchObject({ 'x-strangler-shadow': '1', 'x-request-id': 'req-dry', host: new URL(second.url).host });
    expect((await wired.service!.store.readStats('products'))[0]).toMatchObject({ compared: 1, matched: 1 });
    // The monolith got the real write exactly once.
    expect(mono!.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});
