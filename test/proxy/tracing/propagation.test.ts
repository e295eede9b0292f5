import { afterEach, describe, expect, it } from 'vitest';
import { createPlanProxy, type Proxy } from '../../../proxy/index.js';
import type { PlanInput } from '../../../proxy/plan/index.js';
import type { ShadowCallRequest } from '../../../proxy/shadow/index.js';
import { closedPort, logSink, loaded, route, startUpstream, testPlan, type LogSink, type Upstream } from '../../helpers/index.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../helpers/otlp-receiver.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

/** `00-<trace>-<span>-<flags>` → its parts (W3C Trace Context §3.2). */
function parseTraceparent(value: unknown): { traceId: string; spanId: string; flags: string } {
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(String(value));
  if (m === null) throw new Error(`not a traceparent: ${String(value)}`);
  return { traceId: m[1]!, spanId: m[2]!, flags: m[3]! };
}

describe('W3C trace context through the proxy, with spans exported over OTLP/HTTP', () => {
  let mono: Upstream | undefined;
  let proxy: Proxy | undefined;
  let otlp: OtlpReceiver | undefined;

  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    await mono?.close();
    mono = undefined;
    await otlp?.close();
    otlp = undefined;
  });

  async function start(
    input: Partial<PlanInput>,
    options: {
      env?: NodeJS.ProcessEnv;
      monolithUrl?: string;
      callLambda?: (req: ShadowCallRequest) => Promise<never> | Promise<{ status: number; headers: Record<string, string>; body: Buffer }>;
    } = {},
  ): Promise<{ url: string; adminUrl: string; logs: LogSink }> {
    mono ??= await startUpstream((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":1}'));
    });
    const logs = logSink();
    const plan = testPlan({
      monolith: { url: options.monolithUrl ?? mono.url },
      shadow: { store: { path: ':memory:' } },
      routes: [route('products', '/products/:id', ['GET'], { stage: 'off' })],
      ...input,
    });
    proxy = await createPlanProxy(loaded(plan), {
      logDestination: logs.stream,
      env: options.env ?? {},
      ...(options.callLambda ? { shadow: { callLambda: options.callLambda } } : {}),
    });
    const addresses = await proxy.listen();
    return { ...addresses, logs };
  }

  it("continues the caller's trace: request span under the caller, monolith span under it, monolith sees its own parent", async () => {
    otlp = await startOtlpReceiver();
    const { url, logs } = await start({ tracing: { endpoint: otlp.url, serviceName: 'shop-proxy' } });

    const res = await fetch(`${url}/products/7?q=secret`, { headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`, tracestate: 'vendor=abc' } });
    expect(res.status).toBe(200);
    await res.text();

    const seen = mono!.requests.at(-1)!.headers;
    const forwarded = parseTraceparent(seen.traceparent);
    expect(forwarded.traceId).toBe(TRACE_ID);
    expect(forwarded.spanId).not.toBe(CALLER_SPAN);
    expect(forwarded.flags).toBe('01');
    expect(seen.tracestate).toBe('vendor=abc');
    const line = await logs.waitFor((l) => l.msg === 'request' && l.path === '/products/7');
    expect(line.traceId).toBe(TRACE_ID);

    await proxy!.close(); // flushes the batch exporter
    const spans = await otlp.waitForSpans((s) => s.length >= 2);
    const server = spans.find((s) => s.kind === SERVER)!;
    const client = spans.find((s) => s.kind === CLIENT)!;
    expect(server).toMatchObject({
      traceId: TRACE_ID,
      parentSpanId: CALLER_SPAN,
      name: 'GET /products/:id',
      serviceName: 'shop-proxy',
      attributes: {
        'http.request.method': 'GET',
        'url.path': '/products/7',
        'http.route': '/products/:id',
        'http.response.status_code': 200,
        'strangler.route.id': 'products',
        'strangler.stage': 'off',
        'strangler.stage.source': 'static',
        'strangler.served_by': 'monolith',
      },
    });
    expect(client).toMatchObject({
      traceId: TRACE_ID,
      parentSpanId: server.spanId,
      spanId: forwarded.spanId,
      name: 'GET',
      attributes: { 'strangler.side': 'monolith', 'http.response.status_code': 200, 'server.address': '127.0.0.1' },
    });
    expect(otlp.requests.every((r) => r.path === '/v1/traces' && r.contentType?.startsWith('application/json'))).toBe(true);
  });

  it('starts a trace when the request has none, unmatched paths included', async () => {
    otlp = await startOtlpReceiver();
    const { url } = await start({ tracing: { endpoint: `${otlp.url}/v1/traces` } });
    await (await fetch(`${url}/elsewhere`)).text();
    const forwarded = parseTraceparent(mono!.requests.at(-1)!.headers.traceparent);
    await proxy!.close();
    const spans = await otlp.waitForSpans((s) => s.length >= 2);
    const server = spans.find((s) => s.kind === SERVER)!;
    expect(server).toMatchObject({
      traceId: forwarded.traceId,
      parentSpanId: '',
      name: 'GET',
      serviceName: 'strangler',
      attributes: { 'strangler.served_by': 'monolith', 'http.response.status_code': 200 },
    });
    expect(server.attributes['strangler.route.id']).toBeUndefined();
    expect(spans.find((s) => s.kind === CLIENT)).toMatchObject({ parentSpanId: server.spanId, spanId: forwarded.spanId });
  });

  it('is switched on by OTEL_EXPORTER_OTLP_ENDPOINT alone', async () => {
    otlp = await startOtlpReceiver();
    const { url } = await start({}, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_SERVICE_NAME: 'from-env' } });
    await (await fetch(`${url}/products/1`)).text();
    await proxy!.close();
    const spans = await otlp.waitForSpans((s) => s.some((x) => x.kind === SERVER));
    expect(spans.find((s) => s.kind === SERVER)).toMatchObject({ serviceName: 'from-env', attributes: { 'strangler.route.id': 'products' } });
  });

  it("off: the caller's traceparent and tracestate reach the monolith untouched, and nothing is exported", async () => {
    otlp = await startOtlpReceiver();
    // The receiver is running, but neither the plan nor the environment names it.
    const { url, logs } = await start({});
    const traceparent = `00-${TRACE_ID}-${CALLER_SPAN}-01`;
    await (await fetch(`${url}/products/7`, { headers: { traceparent, tracestate: 'vendor=abc' } })).text();
    expect(mono!.requests.at(-1)!.headers).toMatchObject({ traceparent, tracestate: 'vendor=abc' });
    await (await fetch(`${url}/products/8`)).text();
    expect(mono!.requests.at(-1)!.headers.traceparent).toBeUndefined();
    const line = await logs.waitFor((l) => l.msg === 'request' && l.path === '/products/7');
    expect(line.traceId).toBeUndefined();
    await proxy!.close();
    expect(otlp.requests).toHaveLength(0);
  });

  it('`exporter: none` wins over the environment', async () => {
    otlp = await startOtlpReceiver();
    const { url } = await start({ tracing: { exporter: 'none' } }, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url } });
    const traceparent = `00-${TRACE_ID}-${CALLER_SPAN}-01`;
    await (await fetch(`${url}/products/7`, { headers: { traceparent } })).text();
    expect(mono!.requests.at(-1)!.headers.traceparent).toBe(traceparent);
    await proxy!.close();
    expect(otlp.requests).toHaveLength(0);
  });

  it('a caller that did not sample: propagated as not sampled, no spans exported', async () => {
    otlp = await startOtlpReceiver();
    const { url } = await start({ tracing: { endpoint: otlp.url } });
    await (await fetch(`${url}/products/7`, { headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-00` } })).text();
    const forwarded = parseTraceparent(mono!.requests.at(-1)!.headers.traceparent);
    expect(forwarded).toMatchObject({ traceId: TRACE_ID, flags: '00' });
    await proxy!.close();
    expect(otlp.spans).toHaveLength(0);
  });

  it("a monolith that is down: the request span is an error with the proxy's code, and so is the monolith span", async () => {
    otlp = await startOtlpReceiver();
    const { url } = await start({ tracing: { endpoint: otlp.url } }, { monolithUrl: `http://127.0.0.1:${await closedPort()}` });
    const res = await fetch(`${url}/products/7`);
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string } };
    await proxy!.close();
    const spans = await otlp.waitForSpans((s) => s.length >= 2);
    const server = spans.find((s) => s.kind === SERVER)!;
    expect(server).toMatchObject({ statusCode: ERROR, attributes: { 'http.response.status_code': 502, 'strangler.error.code': body.error.code } });
    expect(spans.find((s) => s.kind === CLIENT)).toMatchObject({
      parentSpanId: server.spanId,
      statusCode: ERROR,
      attributes: { 'error.type': body.error.code },
    });
  });

  it('shadow calls get a span of the same trace, marked as shadow, and carry it to the shadow side', async () => {
    otlp = await startOtlpReceiver();
    const calls: ShadowCallRequest[] = [];
    const { url } = await start(
      { tracing: { endpoint: otlp.url }, routes: [route('products', '/products/:id', ['GET'], { stage: 'shadow' })] },
      {
        callLambda: async (req) => {
          calls.push(req);
          return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"id":1}') };
        },
      },
    );
    await (await fetch(`${url}/products/7`, { headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`, tracestate: 'vendor=abc' } })).text();
    const deadline = Date.now() + 10_000;
    while (calls.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(1);
    const toShadow = parseTraceparent(calls[0]!.headers.traceparent);
    expect(toShadow.traceId).toBe(TRACE_ID);
    expect(calls[0]!.headers.tracestate).toBe('vendor=abc');
    await proxy!.close();
    const spans = await otlp.waitForSpans((s) => s.length >= 3);
    const server = spans.find((s) => s.kind === SERVER)!;
    const shadow = spans.find((s: ReceivedSpan) => s.attributes['strangler.shadow'] === true)!;
    expect(shadow).toMatchObject({
      kind: CLIENT,
      traceId: TRACE_ID,
      parentSpanId: server.spanId,
      spanId: toShadow.spanId,
      name: 'shadow lambda',
      attributes: { 'strangler.side': 'lambda', 'http.response.status_code': 200 },
    });
    // The monolith span is a sibling, not the shadow's parent.
    const monolith = spans.find((s) => s.kind === CLIENT && s.attributes['strangler.side'] === 'monolith')!;
    expect(monolith.parentSpanId).toBe(server.spanId);
    expect(server.attributes['strangler.stage']).toBe('shadow');
  });
});
