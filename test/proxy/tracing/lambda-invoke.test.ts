import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPlanProxy, type Proxy } from '../../../proxy/index.js';
import { loaded, logSink, testPlan, useUpstream, type Upstream } from '../../helpers/index.js';
import { useLambdaService, type RunningLambdaService } from '../../helpers/lambda-service.js';
import { startOtlpReceiver, type OtlpReceiver } from '../../helpers/otlp-receiver.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';
const SERVER = 2;

interface Echo {
  headers: Record<string, string>;
  clientContext: { custom?: Record<string, string> } | null;
}

function parseTraceparent(value: unknown): { traceId: string; spanId: string; flags: string } {
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(String(value));
  if (m === null) throw new Error(`not a traceparent: ${String(value)}`);
  return { traceId: m[1]!, spanId: m[2]!, flags: m[3]! };
}

const startLambda = useLambdaService('all');
const startUpstream = useUpstream('all');
let lambda: RunningLambdaService;
let mono: Upstream;
beforeAll(async () => {
  lambda = await startLambda([{ name: 'traced', handler: 'routing.handler', timeout: 5 }]);
  mono = await startUpstream((req, res) => {
    req.resume();
    req.on('end', () => res.end('monolith'));
  });
});

describe('the trace reaches the Lambda function: event headers and client context', () => {
  let proxy: Proxy | undefined;
  let otlp: OtlpReceiver | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    await otlp?.close();
    otlp = undefined;
  });

  async function start(tracing: boolean): Promise<string> {
    otlp = await startOtlpReceiver();
    const plan = testPlan({
      monolith: { url: mono.url },
      lambda: { endpoint: lambda.endpoint, logTail: true },
      shadow: { store: { path: ':memory:' } },
      ...(tracing ? { tracing: { endpoint: otlp.url } } : {}),
      routes: [{ id: 'items', match: { path: '/items/:id' }, function: { name: 'traced' }, stage: 'live' }],
    });
    proxy = await createPlanProxy(loaded(plan), { logDestination: logSink().stream, env: {} });
    return (await proxy.listen()).url;
  }

  it('an Invoke span under the request span; the function sees it as the parent, twice', async () => {
    const url = await start(true);
    const res = await fetch(`${url}/items/1`, { headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`, tracestate: 'vendor=abc' } });
    expect(res.headers.get('x-strangler-served-by')).toBe('lambda');
    const echo = (await res.json()) as Echo;
    const inEvent = parseTraceparent(echo.headers.traceparent);
    expect(inEvent.traceId).toBe(TRACE_ID);
    expect(inEvent.spanId).not.toBe(CALLER_SPAN);
    expect(echo.headers.tracestate).toBe('vendor=abc');
    expect(echo.clientContext?.custom).toMatchObject({ traceparent: echo.headers.traceparent, tracestate: 'vendor=abc' });

    await proxy!.close();
    const spans = await otlp!.waitForSpans((s) => s.length >= 2);
    const server = spans.find((s) => s.kind === SERVER)!;
    const invoke = spans.find((s) => s.name === 'Lambda.Invoke traced')!;
    expect(server).toMatchObject({
      traceId: TRACE_ID,
      parentSpanId: CALLER_SPAN,
      attributes: { 'strangler.served_by': 'lambda', 'strangler.stage': 'live', 'strangler.lambda.cold_start': true },
    });
    expect(invoke).toMatchObject({
      kind: 3,
      traceId: TRACE_ID,
      parentSpanId: server.spanId,
      spanId: inEvent.spanId,
      attributes: { 'strangler.side': 'lambda', 'faas.invoked_name': 'traced', 'faas.invoked_provider': 'aws', 'strangler.lambda.cold_start': true },
    });
    expect(invoke.attributes['strangler.lambda.init_duration_ms']).toBeGreaterThan(0);
    // The monolith is only asked for a shadow copy (live stage), never to serve.
    expect(spans.filter((s) => s.attributes['strangler.side'] === 'monolith').every((s) => s.attributes['strangler.shadow'] === true)).toBe(true);
  });

  it('live: the monolith shadow call has a span of the same trace, and the monolith sees it as the parent', async () => {
    const url = await start(true);
    await (await fetch(`${url}/items/9`, { headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` } })).json();
    const deadline = Date.now() + 10_000;
    const shadowOf = () => mono.requests.find((r) => r.url === '/items/9' && r.headers['x-strangler-shadow'] === '1');
    while (shadowOf() === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const toMonolith = parseTraceparent(shadowOf()?.headers.traceparent);
    expect(toMonolith.traceId).toBe(TRACE_ID);
    await proxy!.close();
    const spans = await otlp!.waitForSpans((s) => s.some((x) => x.name === 'shadow monolith'));
    const server = spans.find((s) => s.kind === SERVER && s.attributes['url.path'] === '/items/9')!;
    expect(spans.find((s) => s.name === 'shadow monolith')).toMatchObject({
      traceId: TRACE_ID,
      parentSpanId: server.spanId,
      spanId: toMonolith.spanId,
      attributes: { 'strangler.shadow': true, 'strangler.side': 'monolith', 'http.response.status_code': 200 },
    });
  });

  it("tracing off: the caller's trace headers reach the event and the client context unchanged", async () => {
    const url = await start(false);
    const traceparent = `00-${TRACE_ID}-${CALLER_SPAN}-01`;
    const echo = (await (await fetch(`${url}/items/2`, { headers: { traceparent } })).json()) as Echo;
    expect(echo.headers.traceparent).toBe(traceparent);
    expect(echo.clientContext?.custom?.traceparent).toBe(traceparent);
    const plain = (await (await fetch(`${url}/items/3`)).json()) as Echo;
    expect(plain.headers.traceparent).toBeUndefined();
    expect(plain.clientContext).toBeNull();
    await proxy!.close();
    expect(otlp!.requests).toHaveLength(0);
  });
});
