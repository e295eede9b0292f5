import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { admitRequest } from '../../../proxy/server/index.js';

/** A request head as node's parser leaves it: `rawHeaders` as sent, `headers` lower-cased (later repeats joined). */
function head(raw: string[], httpVersion = '1.1'): IncomingMessage {
  const headers: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    headers[name] = headers[name] === undefined ? raw[i + 1]! : `${headers[name]}, ${raw[i + 1]}`;
  }
  return { rawHeaders: raw, headers, httpVersion } as unknown as IncomingMessage;
}

const VALID_TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('admitRequest: the front door', () => {
  it.each([
    ['one Host', ['Host', 'shop'], undefined],
    ['Host with a port and an IPv6 literal', ['Host', '[::1]:8080'], undefined],
    ['HTTP/1.0 without Host', [], undefined, '1.0'],
    ['two Host lines', ['Host', 'a', 'host', 'b'], 'STRANGLER_BAD_HOST'],
    ['HTTP/1.1 without Host', ['Accept', '*/*'], 'STRANGLER_BAD_HOST'],
    ['a Host with a space', ['Host', 'a b'], 'STRANGLER_BAD_HOST'],
    ['a Host with a path', ['Host', 'a/b'], 'STRANGLER_BAD_HOST'],
  ])('%s', (_, raw, code, version = '1.1') => {
    expect(admitRequest(head(raw, version), 'id-1').rejected?.code).toBe(code);
  });

  it('strips x-strangler-* in any case, from both header views, and names them', () => {
    const req = head(['Host', 'shop', 'X-Strangler-Shadow', '1', 'x-strangler-route', 'evil', 'X-Stranglerish', 'kept', 'Accept', '*/*']);
    const admission = admitRequest(req, 'id-1');
    expect(admission.stripped).toEqual(['x-strangler-shadow', 'x-strangler-route']);
    expect(req.rawHeaders).toEqual(['Host', 'shop', 'X-Stranglerish', 'kept', 'Accept', '*/*', 'x-request-id', 'id-1']);
    expect(req.headers).toEqual({ host: 'shop', 'x-stranglerish': 'kept', accept: '*/*', 'x-request-id': 'id-1' });
  });

  it.each([
    ['valid', VALID_TP, false],
    ['future version with an extra field', `01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-ab`, false],
    ['version ff', `ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01`, true],
    ['upper-case hex', VALID_TP.toUpperCase(), true],
    ['all-zero parent id', `00-0af7651916cd43dd8448eb211c80319c-${'0'.repeat(16)}-01`, true],
    ['3,000 bytes', `00-${'a'.repeat(3000)}`, true],
  ])('traceparent %s: dropped = %s (with its tracestate)', (_, traceparent, dropped) => {
    const req = head(['Host', 'shop', 'traceparent', traceparent, 'tracestate', 'v=1']);
    expect(admitRequest(req, 'id-1').droppedTraceparent).toBe(dropped);
    expect(req.headers.traceparent).toBe(dropped ? undefined : traceparent);
    expect(req.headers.tracestate).toBe(dropped ? undefined : 'v=1');
    expect(req.rawHeaders.includes('traceparent')).toBe(!dropped);
  });

  it.each([
    ['none sent: added', ['Host', 'shop'], ['Host', 'shop', 'x-request-id', 'id-1']],
    ['the same id: untouched', ['Host', 'shop', 'X-Request-Id', 'id-1'], ['Host', 'shop', 'X-Request-Id', 'id-1']],
    ['another id (the proxy replaced it): replaced', ['Host', 'shop', 'X-Request-Id', 'r'.repeat(300)], ['Host', 'shop', 'x-request-id', 'id-1']],
    ['sent twice: one left', ['Host', 'shop', 'x-request-id', 'a', 'x-request-id', 'b'], ['Host', 'shop', 'x-request-id', 'id-1']],
  ])('x-request-id %s', (_, raw, after) => {
    const req = head(raw);
    admitRequest(req, 'id-1');
    expect(req.rawHeaders).toEqual(after);
    expect(req.headers['x-request-id']).toBe('id-1');
  });
});
