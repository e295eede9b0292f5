import { describe, expect, it } from 'vitest';
import { headerGetter, withTraceHeaders } from '../../../proxy/tracing/index.js';

describe('trace header helpers', () => {
  it("withTraceHeaders replaces the caller's lines (any case, repeated) and keeps the rest in order", () => {
    const raw = ['Host', 'shop', 'TraceParent', 'caller', 'x-a', '1', 'tracestate', 'a=1', 'tracestate', 'b=2'];
    expect(withTraceHeaders(raw, { traceparent: 'ours', tracestate: 'a=1,b=2' })).toEqual([
      'Host',
      'shop',
      'x-a',
      '1',
      'traceparent',
      'ours',
      'tracestate',
      'a=1,b=2',
    ]);
    expect(raw).toHaveLength(10);
  });

  it('headerGetter reads lower-case names whatever the propagator asks', () => {
    expect(headerGetter.get({ traceparent: 'x' }, 'Traceparent')).toBe('x');
    expect(headerGetter.get({ 'content-length': 3 }, 'content-length')).toBe('3');
  });
});
