import { describe, expect, it } from 'vitest';
import { fromNodeHandler, type EventSource } from '../../../adapters/index.js';
import { fakeContext } from '../../fixtures/events/context.js';
import { fixtureApp, readEcho } from '../helpers/apps.js';
import { clientView, FIXTURE_SOURCES, loadEvent } from '../helpers/events.js';

const handler = fromNodeHandler(fixtureApp);

/** What the app must see for each documented event. */
const EXPECTED: Record<string, { method: string; url: string; headers: Record<string, string>; body: string; ip: string }> = {
  'api-gateway-v2': {
    method: 'POST',
    url: '/my/path?parameter1=value1&parameter1=value2&parameter2=value',
    headers: { header1: 'value1', header2: 'value1,value2', cookie: 'cookie1; cookie2', 'content-length': '17' },
    body: 'Hello from Lambda',
    ip: '192.0.2.1',
  },
  'function-url': {
    method: 'POST',
    url: '/my/path?parameter1=value1&parameter1=value2&parameter2=value',
    headers: { header1: 'value1', header2: 'value1,value2', cookie: 'cookie1; cookie2', 'content-length': '18' },
    body: 'Hello from client!',
    ip: '123.123.123.123',
  },
  'api-gateway-v1': {
    method: 'GET',
    url: '/my/path?parameter1=value1&parameter1=value2&parameter2=value',
    // multiValueHeaders has every value; Node joins repeated lines with ", ".
    headers: { header1: 'value1', header2: 'value1, value2', 'content-length': '18' },
    body: 'Hello from Lambda!',
    ip: '192.0.2.1',
  },
  'api-gateway-rest': {
    method: 'POST',
    url: '/path/to/resource?foo=bar',
    // AWS's example disagrees with itself on Host; multiValueHeaders wins.
    headers: { host: '0123456789.execute-api.us-east-1.amazonaws.com', 'x-forwarded-for': '127.0.0.1, 127.0.0.2', 'content-length': '15' },
    body: '{"test":"body"}',
    ip: '127.0.0.1',
  },
  alb: {
    method: 'GET',
    url: '/?myKey=val2',
    headers: { cookie: 'cookies', 'content-type': 'text/plain', 'x-forwarded-proto': 'https', 'content-length': '12' },
    body: 'request_body',
    ip: '72.21.198.66',
  },
  'alb-multi-value': {
    method: 'GET',
    url: '/?myKey=val1&myKey=val2',
    headers: { cookie: 'name1=value1; name2=value2', host: 'lambda-846800462-us-east-2.elb.amazonaws.com', 'content-length': '12' },
    body: 'request_body',
    ip: '72.21.198.66',
  },
};

function withPath(event: Record<string, any>, source: EventSource, path: string): Record<string, any> {
  if (source === 'apiGatewayV2' || source === 'functionUrl') {
    event.rawPath = path;
    event.requestContext.http.path = path;
  } else event.path = path;
  return event;
}

describe.each(FIXTURE_SOURCES)('documented event $fixture', ({ fixture, source }) => {
  it('reaches the app with the documented method, path, query, headers, body and client address', async () => {
    const result = await handler(loadEvent(fixture), fakeContext());
    const res = clientView(source, result);
    expect(res.statusCode).toBe(200);
    const echo = readEcho(res.body);
    const expected = EXPECTED[fixture]!;
    expect(echo).toMatchObject({ method: expected.method, url: expected.url, ip: expected.ip, encrypted: true, lambda: true });
    expect(echo.headers).toMatchObject(expected.headers);
    expect(echo.bytes.toString()).toBe(expected.body);
  });

  it(`answers in the ${source} result format, with every Set-Cookie the format can carry`, async () => {
    const result = (await handler(withPath(loadEvent(fixture), source, '/cookies'), fakeContext())) as Record<string, any>;
    const cookies = ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT', 'c=3; HttpOnly'];
    switch (source) {
      case 'apiGatewayV2':
      case 'functionUrl':
        expect(result).toEqual({ statusCode: 200, headers: { 'content-type': 'text/plain' }, cookies, body: 'cookies', isBase64Encoded: false });
        break;
      case 'apiGatewayV1':
        expect(result).toEqual({
          statusCode: 200,
          headers: { 'content-type': 'text/plain' },
          multiValueHeaders: { 'set-cookie': cookies },
          body: 'cookies',
          isBase64Encoded: false,
        });
        break;
      case 'alb':
        // One value per header in the default mode: the last cookie (turn on multi-value headers for all).
        expect(result).toEqual({
          statusCode: 200,
          statusDescription: '200 OK',
          headers: { 'content-type': 'text/plain', 'set-cookie': 'c=3; HttpOnly' },
          body: 'cookies',
          isBase64Encoded: false,
        });
        break;
      case 'albMultiValue':
        expect(result).toEqual({
          statusCode: 200,
          statusDescription: '200 OK',
          multiValueHeaders: { 'content-type': ['text/plain'], 'set-cookie': cookies },
          body: 'cookies',
          isBase64Encoded: false,
        });
        break;
    }
  });
});
