import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAlbLine, parseCombinedLine, parseStranglerLine } from '../../../planner/logs/formats.js';

const lines = (name: string): string[] => readFileSync(new URL(`../../fixtures/logs/${name}`, import.meta.url), 'utf8').split('\n');

describe('combined (Apache httpd / NGINX)', () => {
  const log = lines('combined.log');
  it.each([
    [0, { time: Date.UTC(2000, 9, 10, 20, 55, 36), method: 'GET', path: '/apache_pb.gif', status: 200, responseBytes: 2326 }],
    [1, { time: Date.UTC(2026, 11, 3, 1, 0, 0), method: 'GET', path: '/products/42', status: 200, responseBytes: 512 }],
    // `%b` is `-` for an empty body.
    [2, { time: Date.UTC(2026, 11, 3, 1, 0, 1), method: 'POST', path: '/cart/items', status: 201, responseBytes: 0 }],
    // An absolute-form target is reduced to its path; an escaped quote in the user agent is fine.
    [4, { time: Date.UTC(2026, 11, 3, 1, 0, 2), method: 'GET', path: '/products/7', status: 404, responseBytes: 19 }],
    // The common format: no referer or user agent.
    [5, { time: Date.UTC(2026, 11, 3, 1, 0, 3), method: 'GET', path: '/health', status: 200, responseBytes: 2 }],
  ])('line %i', (i, expected) => {
    expect(parseCombinedLine(log[i]!)).toEqual(expected);
  });

  it.each(['this is not an access log line', '1.2.3.4 - - [32/Foo/2000:00:00:00 +0000] "GET / HTTP/1.1" 200 1', ''])('%j is not a record', (line) => {
    expect(parseCombinedLine(line)).toBeNull();
  });
});

describe('AWS ALB access logs', () => {
  const log = lines('alb.log');
  it('the documented HTTP entry', () => {
    expect(parseAlbLine(log[0]!)).toEqual({
      time: Date.parse('2018-07-02T22:23:00.186641Z'),
      method: 'GET',
      path: '/',
      status: 200,
      durationMs: 1,
      requestBytes: 34,
      responseBytes: 366,
    });
  });
  it('HTTPS: the three processing times add up to the duration; the query is dropped', () => {
    expect(parseAlbLine(log[1]!)).toMatchObject({ path: '/products/42', durationMs: 171, requestBytes: 0, responseBytes: 57 });
  });
  it('a WebSocket entry is an upgrade', () => {
    expect(parseAlbLine(log[2]!)).toMatchObject({ status: 101, upgrade: true, path: '/' });
  });
  it('a request that never reached a target (-1 times) has no duration', () => {
    const r = parseAlbLine(log[3]!);
    expect(r).toMatchObject({ status: 503, path: '/orders/9' });
    expect(r).not.toHaveProperty('durationMs');
  });
  it('an unterminated quote is not a record', () => {
    expect(parseAlbLine(log[4]!)).toBeNull();
  });
});

describe("strangler's own request log", () => {
  const log = lines('strangler.log');
  it('request lines are records, with the side that served and the route', () => {
    expect(parseStranglerLine(log[1]!)).toEqual({
      time: 1796264010000,
      method: 'GET',
      path: '/products/42',
      status: 200,
      durationMs: 3.42,
      servedBy: 'lambda',
      routeId: 'catalog-detail',
    });
    expect(parseStranglerLine(log[2]!)).toMatchObject({ upgrade: true, routeId: null });
  });
  it("a Lambda invocation's billed duration (lambdaBilledMs, from its REPORT line) is kept", () => {
    const line = JSON.stringify({
      level: 30,
      time: 1796264010000,
      routeId: 'r',
      servedBy: 'lambda',
      status: 200,
      durationMs: 9.8,
      coldStart: false,
      lambdaBilledMs: 4,
      method: 'GET',
      path: '/a',
      msg: 'request',
    });
    expect(parseStranglerLine(line)).toMatchObject({ servedBy: 'lambda', durationMs: 9.8, billedDurationMs: 4 });
    expect(parseStranglerLine(log[1]!)).not.toHaveProperty('billedDurationMs');
  });

  it('lifecycle lines and non-JSON are not records', () => {
    expect(parseStranglerLine(log[0]!)).toBeNull();
    expect(parseStranglerLine(log[3]!)).toBeNull();
  });
});
