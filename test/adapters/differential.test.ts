import { describe, expect, it } from 'vitest';
import type { EventSource, LambdaHttpRequest } from '../../adapters/index.js';
import { GZIPPED, PNG, UNICODE } from './helpers/apps.js';
import { DIFFERENCES, type DifferenceId } from './helpers/differences.js';
import { run, THEIRS, type Theirs, type View } from './helpers/differential.js';
import { eventFor, request } from './helpers/events.js';

interface Case {
  name: string;
  source: EventSource;
  req: Partial<LambdaHttpRequest>;
  /** Edits the built event the way a source would (decoded rawPath, named stage...). */
  edit?: (event: Record<string, any>) => void;
  /** Listed differences: the adapter's view differs from ours exactly as the differences say. */
  differs?: Partial<Record<Theirs, DifferenceId[]>>;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const CASES: Case[] = [
  // API Gateway HTTP API, payload 2.0
  {
    name: 'plain GET',
    source: 'apiGatewayV2',
    req: {
      rawPath: '/echo',
      headers: [
        ['host', 'shop.example.com'],
        ['accept', 'application/json'],
      ],
    },
  },
  { name: 'repeated query keys', source: 'apiGatewayV2', req: { rawPath: '/echo', rawQuery: 'x=1&x=2&y=%E2%9C%93' } },
  {
    name: 'a comma inside a query value',
    source: 'apiGatewayV2',
    req: { rawPath: '/echo', rawQuery: 'tag=a&tag=b%2Cc' },
    differs: { '@fastify/aws-lambda': ['comma-split-query'] },
  },
  {
    name: 'unicode JSON body',
    source: 'apiGatewayV2',
    req: { method: 'POST', rawPath: '/echo', headers: [['content-type', 'application/json']], body: json({ text: UNICODE }) },
  },
  { name: 'binary request body', source: 'apiGatewayV2', req: { method: 'PUT', rawPath: '/echo', headers: [['content-type', 'image/png']], body: PNG } },
  {
    name: 'compressed request body',
    source: 'apiGatewayV2',
    req: {
      method: 'POST',
      rawPath: '/echo',
      headers: [
        ['content-type', 'application/json'],
        ['content-encoding', 'gzip'],
      ],
      body: GZIPPED,
    },
  },
  {
    name: 'cookies array',
    source: 'apiGatewayV2',
    req: { rawPath: '/echo', headers: [['cookie', 'session=abc; theme=dark']] },
    differs: { '@fastify/aws-lambda': ['cookie-join'] },
  },
  {
    name: 'repeated request headers',
    source: 'apiGatewayV2',
    req: {
      rawPath: '/echo',
      headers: [
        ['x-tag', 'a'],
        ['x-tag', 'b'],
      ],
    },
  },
  { name: 'percent-encoded unicode path', source: 'apiGatewayV2', req: { rawPath: '/echo/caf%C3%A9/a%20b%2Fc' } },
  {
    name: 'binary response',
    source: 'apiGatewayV2',
    req: { rawPath: '/binary' },
    differs: { 'serverless-http': ['binary-as-text'], '@fastify/aws-lambda': ['binary-as-text'] },
  },
  { name: 'several Set-Cookie', source: 'apiGatewayV2', req: { rawPath: '/cookies' }, differs: { '@fastify/aws-lambda': ['transfer-encoding'] } },
  {
    name: 'unicode response with a wrong content-length',
    source: 'apiGatewayV2',
    req: { rawPath: '/unicode' },
    differs: { 'serverless-http': ['content-length-chars'], '@fastify/aws-lambda': ['content-length-chars'] },
  },
  {
    name: 'numeric and repeated response headers',
    source: 'apiGatewayV2',
    req: { rawPath: '/number-header' },
    differs: { '@fastify/aws-lambda': ['transfer-encoding'] },
  },
  {
    name: 'chunked response',
    source: 'apiGatewayV2',
    req: { rawPath: '/chunked' },
    differs: { 'serverless-http': ['transfer-encoding'], '@fastify/aws-lambda': ['transfer-encoding'] },
  },
  { name: 'gzip response', source: 'apiGatewayV2', req: { rawPath: '/gzip' } },
  { name: '204 No Content', source: 'apiGatewayV2', req: { rawPath: '/no-content' } },
  { name: '304 Not Modified', source: 'apiGatewayV2', req: { rawPath: '/not-modified' } },
  { name: 'HEAD', source: 'apiGatewayV2', req: { method: 'HEAD', rawPath: '/binary' } },
  { name: 'redirect', source: 'apiGatewayV2', req: { rawPath: '/redirect' }, differs: { '@fastify/aws-lambda': ['transfer-encoding'] } },
  {
    name: '503 from the app',
    source: 'apiGatewayV2',
    req: { rawPath: '/status', rawQuery: 'code=503' },
    differs: { '@fastify/aws-lambda': ['transfer-encoding'] },
  },
  {
    name: 'latin-1 text response',
    source: 'apiGatewayV2',
    req: { rawPath: '/latin1' },
    differs: { 'serverless-http': ['binary-as-text'], '@fastify/aws-lambda': ['binary-as-text', 'transfer-encoding'] },
  },
  { name: 'CSV text response', source: 'apiGatewayV2', req: { rawPath: '/csv' }, differs: { '@fastify/aws-lambda': ['transfer-encoding'] } },
  {
    name: 'named stage in rawPath',
    source: 'apiGatewayV2',
    req: { rawPath: '/prod/echo', stage: 'prod' },
    differs: { 'serverless-http': ['stage-prefix'], '@fastify/aws-lambda': ['stage-prefix'] },
  },
  {
    name: 'rawPath decoded by the HTTP API',
    source: 'apiGatewayV2',
    req: { rawPath: '/echo/a%20b/%3F' },
    differs: { 'serverless-http': ['decoded-path'], '@fastify/aws-lambda': ['decoded-path'] },
    edit: (event) => {
      event.rawPath = '/echo/a b/?';
      event.requestContext.http.path = event.rawPath;
    },
  },
  // payload 1.0 (REST API)
  {
    name: 'repeated headers and query keys',
    source: 'apiGatewayV1',
    req: {
      rawPath: '/echo',
      rawQuery: 'k=1&k=2',
      headers: [
        ['x-tag', 'a'],
        ['x-tag', 'b'],
      ],
    },
    differs: { 'serverless-http': ['v1-last-header'] },
  },
  { name: 'binary request body', source: 'apiGatewayV1', req: { method: 'POST', rawPath: '/echo', headers: [['content-type', 'image/png']], body: PNG } },
  { name: 'several Set-Cookie', source: 'apiGatewayV1', req: { rawPath: '/cookies' }, differs: { '@fastify/aws-lambda': ['transfer-encoding'] } },
  {
    name: 'binary response',
    source: 'apiGatewayV1',
    req: { rawPath: '/binary' },
    differs: { 'serverless-http': ['binary-as-text'], '@fastify/aws-lambda': ['binary-as-text'] },
  },
  { name: 'HEAD', source: 'apiGatewayV1', req: { method: 'HEAD', rawPath: '/binary' } },
  // ALB
  {
    name: 'raw (undecoded) query values',
    source: 'alb',
    req: { rawPath: '/echo', rawQuery: 'q=a%2Bb+c%25' },
    differs: { 'serverless-http': ['alb-client-address'], '@fastify/aws-lambda': ['alb-plus', 'alb-client-address'] },
  },
  {
    name: 'several Set-Cookie in the default mode',
    source: 'alb',
    req: { rawPath: '/cookies' },
    differs: { 'serverless-http': ['alb-cookies-dropped'], '@fastify/aws-lambda': ['alb-cookies-dropped', 'transfer-encoding'] },
  },
  {
    name: 'several Set-Cookie',
    source: 'albMultiValue',
    req: { rawPath: '/cookies' },
    differs: { '@fastify/aws-lambda': ['alb-multi-mode', 'transfer-encoding'] },
  },
  {
    name: 'repeated headers and query keys',
    source: 'albMultiValue',
    req: {
      rawPath: '/echo',
      rawQuery: 'k=1&k=2',
      headers: [
        ['x-tag', 'a'],
        ['x-tag', 'b'],
      ],
    },
    differs: { 'serverless-http': ['alb-client-address'], '@fastify/aws-lambda': ['alb-multi-mode', 'alb-client-address'] },
  },
  {
    name: 'binary response',
    source: 'albMultiValue',
    req: { rawPath: '/binary' },
    differs: { 'serverless-http': ['binary-as-text'], '@fastify/aws-lambda': ['binary-as-text', 'alb-multi-mode'] },
  },
  // Function URL
  {
    name: 'unicode JSON body',
    source: 'functionUrl',
    req: { method: 'POST', rawPath: '/echo', headers: [['content-type', 'application/json']], body: json({ text: UNICODE }) },
  },
  {
    name: 'binary response',
    source: 'functionUrl',
    req: { rawPath: '/binary' },
    differs: { 'serverless-http': ['binary-as-text'], '@fastify/aws-lambda': ['binary-as-text'] },
  },
];

/**
 * Differences on every request, not per case (README lists them too): serverless-http adds `content-length: 0`
 * (a number) to bodiless requests and @fastify/aws-lambda `content-length: "0"` when the event body is "";
 * both add `x-request-id` from the request context, and @fastify/aws-lambda its own token header. The app sees
 * the headers the client sent.
 */
function settleGlobal(ours: View, theirs: View): void {
  if (ours.saw && theirs.saw && ours.saw.body === '' && ours.saw.headers['content-length'] === undefined) {
    expect([undefined, 0, '0']).toContain(theirs.saw.headers['content-length']);
    delete theirs.saw.headers['content-length'];
  }
}

describe('differential: one fixture app through ours, serverless-http and @fastify/aws-lambda', () => {
  it('covers at least 30 cases across every source', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((c) => c.source))).toEqual(new Set(['apiGatewayV2', 'apiGatewayV1', 'alb', 'albMultiValue', 'functionUrl']));
  });

  describe.each(CASES)('$source: $name', (c) => {
    it.each(THEIRS)('%s gives the same result, except for the listed differences', async (adapter) => {
      // prepare: one event, given to every adapter as a fresh copy
      const event = eventFor(c.source, request(c.req)) as Record<string, any>;
      c.edit?.(event);
      const method = c.req.method ?? 'GET';
      // act
      const ours = await run('ours', c.source, event, method);
      const theirs = await run(adapter, c.source, event, method);
      // assert: each listed difference is really there; with them settled, everything else is equal
      settleGlobal(ours, theirs);
      for (const id of c.differs?.[adapter] ?? []) DIFFERENCES[id].settle(ours, theirs);
      expect({ client: theirs.client, saw: theirs.saw, wire: theirs.wire }).toEqual({ client: ours.client, saw: ours.saw, wire: ours.wire });
    });
  });
});

describe('differences on every request', () => {
  it('serverless-http and @fastify/aws-lambda add request ids and content-length: 0 the client never sent; ours does not', async () => {
    const event = eventFor('apiGatewayV2', request({ rawPath: '/echo' }));
    const ours = await run('ours', 'apiGatewayV2', event, 'GET');
    const sls = await run('serverless-http', 'apiGatewayV2', event, 'GET');
    const fst = await run('@fastify/aws-lambda', 'apiGatewayV2', event, 'GET');
    expect(ours.saw!.headers).toEqual({});
    expect(sls.saw!.headers).toEqual({ 'content-length': 0 });
    const seen = (view: View) =>
      JSON.parse(Buffer.from(view.result.body as string, view.result.isBase64Encoded ? 'base64' : 'utf8').toString()) as { headers: Record<string, string> };
    expect(seen(ours).headers).not.toHaveProperty('x-request-id');
    expect(seen(sls).headers['x-request-id']).toBe('req-1');
    expect(seen(fst).headers['x-request-id']).toBe('req-1');
    expect(Object.keys(seen(fst).headers)).toContain('x-aws-lambda-fastify-request');
  });
});
