import { describe, expect, it } from 'vitest';
import { sampleOf, type AnsweredRequest } from '../../../proxy/inventory/index.js';

const answered = (over: {
  method?: string;
  headers?: Record<string, string>;
  sent?: string[] | undefined;
  route?: boolean;
  side?: 'monolith' | 'lambda';
}): AnsweredRequest => ({
  req: { method: over.method ?? 'GET', url: '/orders/7?token=secret', headers: over.headers ?? {} },
  route: over.route ? { id: 'orders', match: { path: '/orders/:id' } } : null,
  servedBy: over.side ?? 'monolith',
  sentHeaders: 'sent' in over ? over.sent : ['Content-Length', '42', 'content-type', 'application/json'],
});

describe('sampleOf: one answered request as the inventory counts it', () => {
  it('keeps the template, route, side, status and duration, and times the request from its start', () => {
    const s = sampleOf(answered({ route: true, side: 'lambda' }), 'GET /orders/:id', 201, 250, 1_000_000);
    expect(s).toEqual({
      time: 999_750,
      method: 'GET',
      template: 'GET /orders/:id',
      routeId: 'orders',
      status: 201,
      side: 'lambda',
      durationMs: 250,
      requestBytes: 0,
      responseBytes: 42,
    });
    // Nothing of the URL (path, query) is kept beyond the template.
    expect(JSON.stringify(s)).not.toContain('secret');
  });

  it.each([
    ['a body with content-length', { 'content-length': '1234' }, 1234],
    ['no body (no length, no transfer-encoding)', {}, 0],
    ['a chunked upload (size unknown)', { 'transfer-encoding': 'chunked' }, undefined],
    ['a length that is not a number', { 'content-length': 'abc' }, undefined],
  ])('request size: %s', (_name, headers, bytes) => {
    expect(sampleOf(answered({ method: 'POST', headers }), 'POST /x', 200, 1, 0).requestBytes).toBe(bytes);
  });

  it.each([
    ['a response with Content-Length: sized, not streamed', 'GET', 200, ['Content-Length', '10'], { responseBytes: 10 }],
    ['no length: streamed (chunked)', 'GET', 200, ['content-type', 'text/plain'], { streaming: true }],
    ['Server-Sent Events', 'GET', 200, ['Content-Type', 'text/event-stream; charset=utf-8'], { streaming: true, sse: true }],
    ['HEAD without a length is not a stream', 'HEAD', 200, [], {}],
    ['204 has no body', 'GET', 204, [], {}],
    ['304 has no body', 'GET', 304, [], {}],
  ])('response: %s', (_name, method, status, sent, expected) => {
    const s = sampleOf(answered({ method, sent }), `${method} /x`, status, 1, 0);
    expect({ responseBytes: s.responseBytes, streaming: s.streaming, sse: s.sse }).toEqual({
      responseBytes: undefined,
      streaming: undefined,
      sse: undefined,
      ...expected,
    });
  });

  it('a client gone before any header (499, nothing sent) has no response size and is not a stream', () => {
    const s = sampleOf(answered({ sent: undefined }), 'GET /x', 499, 1, 0);
    expect(s.responseBytes).toBeUndefined();
    expect(s.streaming).toBeUndefined();
  });

  it('an upgrade is counted as one and never as a stream', () => {
    const s = sampleOf(answered({ sent: undefined }), 'GET /ws', 101, 5, 0, true);
    expect(s.upgrade).toBe(true);
    expect(s.streaming).toBeUndefined();
  });
});
