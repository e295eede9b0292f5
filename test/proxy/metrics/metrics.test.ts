import { describe, expect, it } from 'vitest';
import { closedPort, route, send, testPlan, useProxy, useUpstream, type Upstream } from '../../helpers/index.js';

describe('metrics', () => {
  const startUpstream = useUpstream();
  const startProxy = useProxy();
  let mono: Upstream | undefined;

  it('counts requests by route, stage, side and status class, with latency histograms per route and target', async () => {
    mono = await startUpstream((req, res) => {
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end();
    });
    const proxy = await startProxy(testPlan({ monolith: { url: mono.url }, routes: [route('catalog', '/products', ['GET'], { stage: 'shadow' })] }));
    await send(`${proxy.url}/products`);
    await send(`${proxy.url}/products`);
    await send(`${proxy.url}/missing`);

    const res = await send(`${proxy.adminUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    expect(text).toContain('strangler_requests_total{route="catalog",stage="shadow",served_by="monolith",status_class="2xx"} 2');
    expect(text).toContain('strangler_requests_total{route="(unmatched)",stage="(none)",served_by="monolith",status_class="4xx"} 1');
    expect(text).toContain('strangler_request_duration_seconds_count{route="catalog",target="monolith"} 2');
    expect(text).toMatch(/strangler_request_duration_seconds_bucket\{le="\+Inf",route="catalog",target="monolith"\} 2/);
    expect(text).toContain('strangler_in_flight_requests 0');
    // No process metrics unless asked for (the CLI asks).
    expect(text).not.toContain('process_resident_memory_bytes');
  });

  it('counts upstream errors by target and code', async () => {
    const proxy = await startProxy(testPlan({ monolith: { url: `http://127.0.0.1:${await closedPort()}` } }));
    await send(`${proxy.url}/a`);
    await send(`${proxy.url}/b`);
    const text = (await send(`${proxy.adminUrl}/metrics`)).text;
    expect(text).toContain('strangler_upstream_errors_total{target="monolith",code="STRANGLER_MONOLITH_UNAVAILABLE"} 2');
    expect(text).toContain('strangler_requests_total{route="(unmatched)",stage="(none)",served_by="monolith",status_class="5xx"} 2');
  });

  it('keeps a registry per proxy', async () => {
    mono = await startUpstream();
    const a = await startProxy(testPlan({ monolith: { url: mono.url } }));
    const b = await startProxy(testPlan({ monolith: { url: mono.url } }), { processMetrics: true });
    await send(`${a.url}/x`);
    expect(await a.proxy.metrics.metrics()).toMatch(/status_class="2xx"\} 1/);
    const other = await b.proxy.metrics.metrics();
    expect(other).not.toMatch(/strangler_requests_total\{/);
    expect(other).toContain('process_resident_memory_bytes');
  });
});
