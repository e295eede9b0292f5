import { AsyncLocalStorage } from 'node:async_hooks';
import { context, ROOT_CONTEXT, trace, type Context, type ContextManager } from '@opentelemetry/api';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromExpress, fromNodeHandler } from '../../adapters/index.js';
import { incomingTrace } from '../../adapters/trace.js';
import { fakeContext } from '../fixtures/events/context.js';
import { loadEvent } from './helpers/events.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT}-01`;

/**
 * What any OTel SDK for Node registers (AsyncLocalStorageContextManager of @opentelemetry/context-async-hooks), in
 * a few lines: the function's own tracing set-up, which the adapter relies on rather than installs.
 */
class AlsContextManager implements ContextManager {
  private readonly als = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.als.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.als.run(ctx, () => fn.apply(thisArg, args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.als.disable();
    return this;
  }
}

function v2WithHeaders(headers: Record<string, string>): Record<string, unknown> {
  const event = loadEvent('api-gateway-v2');
  event.headers = { ...(event.headers as Record<string, string>), ...headers };
  return event;
}

describe("adapters continue the caller's trace", () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AlsContextManager());
  });
  afterAll(() => {
    context.disable();
  });

  it("fromNodeHandler: the app sees the caller's span as active, after an await too", async () => {
    const seen: Array<{ traceId?: string; spanId?: string; sampled?: number }> = [];
    const handler = fromNodeHandler(async (_req, res) => {
      const before = trace.getActiveSpan()?.spanContext();
      await new Promise((r) => setTimeout(r, 5));
      const after = trace.getActiveSpan()?.spanContext();
      for (const sc of [before, after]) seen.push({ traceId: sc?.traceId, spanId: sc?.spanId, sampled: sc?.traceFlags });
      res.setHeader('content-type', 'text/plain');
      res.end('ok');
    });
    const result = await handler(v2WithHeaders({ traceparent: TRACEPARENT, tracestate: 'vendor=abc' }), fakeContext());
    expect(result).toMatchObject({ statusCode: 200, body: 'ok' });
    expect(seen).toEqual([
      { traceId: TRACE_ID, spanId: PARENT, sampled: 1 },
      { traceId: TRACE_ID, spanId: PARENT, sampled: 1 },
    ]);
  });

  it('fromExpress: from the client context (`custom.traceparent`) when the event has no header; tracestate kept', async () => {
    const app = express();
    app.use((_req, res) => {
      const sc = trace.getActiveSpan()?.spanContext();
      res.json({ traceId: sc?.traceId, spanId: sc?.spanId, tracestate: sc?.traceState?.serialize() });
    });
    const handler = fromExpress(app);
    const ctx = { ...fakeContext(), clientContext: { custom: { traceparent: TRACEPARENT, tracestate: 'vendor=abc' } } };
    const result = await handler(loadEvent('api-gateway-v2'), ctx);
    expect(JSON.parse(String(result.body))).toEqual({ traceId: TRACE_ID, spanId: PARENT, tracestate: 'vendor=abc' });
  });

  it('no traceparent, or a malformed one: the app runs outside any trace', async () => {
    const handler = fromNodeHandler((_req, res) => res.setHeader('content-type', 'text/plain').end(String(trace.getActiveSpan()?.spanContext()?.traceId)));
    expect(await handler(loadEvent('api-gateway-v2'), fakeContext())).toMatchObject({ body: 'undefined' });
    expect(await handler(v2WithHeaders({ traceparent: 'garbage' }), fakeContext())).toMatchObject({ body: 'undefined' });
  });
});

describe('incomingTrace (pure)', () => {
  it.each([
    ['a header', ['Traceparent', TRACEPARENT, 'TraceState', 'a=1'], undefined, { traceparent: TRACEPARENT, tracestate: 'a=1' }],
    [
      'split tracestate lines joined',
      ['traceparent', TRACEPARENT, 'tracestate', 'a=1', 'tracestate', 'b=2'],
      undefined,
      { traceparent: TRACEPARENT, tracestate: 'a=1,b=2' },
    ],
    ['the header wins over the client context', ['traceparent', TRACEPARENT], { custom: { traceparent: 'other' } }, { traceparent: TRACEPARENT }],
    ['`Custom` (mobile SDK spelling)', [], { Custom: { traceparent: TRACEPARENT } }, { traceparent: TRACEPARENT }],
    ['nothing', ['x-a', '1'], { custom: {} }, undefined],
  ])('%s', (_what, headers, clientContext, expected) => {
    expect(incomingTrace(headers as string[], clientContext)).toEqual(expected);
  });
});
