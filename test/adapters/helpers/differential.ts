import awsLambdaFastify from '@fastify/aws-lambda';
import Fastify from 'fastify';
import serverless from 'serverless-http';
import { fromNodeHandler, HOP_BY_HOP, type EventSource, type LambdaHttpResponse } from '../../../adapters/index.js';
import { fakeContext } from '../../fixtures/events/context.js';
import { fixtureApp, readEcho } from './apps.js';
import { clientView } from './events.js';

export type Adapter = 'ours' | 'serverless-http' | '@fastify/aws-lambda';
export const THEIRS = ['serverless-http', '@fastify/aws-lambda'] as const;
export type Theirs = (typeof THEIRS)[number];

/** The one fixture app in Fastify, for @fastify/aws-lambda (and nothing else): it hands the raw pair to the app. */
function fastifyFixture(): ReturnType<typeof Fastify> {
  const app = Fastify();
  app.addHook('onRequest', (request, reply) => {
    reply.hijack();
    void fixtureApp(request.raw, reply.raw);
  });
  return app;
}

const handlers: Record<Adapter, (event: unknown) => Promise<unknown>> = {
  ours: (() => {
    const h = fromNodeHandler(fixtureApp);
    return (event: unknown) => h(event, fakeContext());
  })(),
  'serverless-http': (() => {
    const h = serverless(fixtureApp);
    return (event: unknown) => h(event as object, fakeContext());
  })(),
  '@fastify/aws-lambda': (() => {
    const h = awsLambdaFastify(fastifyFixture());
    return (event: unknown) => h(event as never, fakeContext());
  })(),
};

/** What an adapter produced for one event: the raw result, what a client gets, and what the app saw (echo routes). */
export interface View {
  result: Record<string, unknown>;
  /** What the result itself says about framing (a source may reject or pass these through). */
  wire: { contentLength: string[]; transferEncoding: boolean; nonStringHeader: boolean };
  client: { status: number; headers: Record<string, string[]>; body: string };
  saw?: { method: string; path: string; query: [string, string][]; headers: Record<string, unknown>; body: string; ip: string | undefined };
}

/** Headers compared semantically: list values split on "," (RFC 9110 §5.3 makes "a,b" and "a, b" the same). */
function comparable(res: LambdaHttpResponse): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of res.headers) {
    // API Gateway and ALB set their own Date; framing headers are the source's business.
    if (name === 'date' || HOP_BY_HOP.has(name)) continue;
    const parts = name === 'set-cookie' ? [value] : value.split(',').map((v) => v.trim());
    (out[name] ??= []).push(...parts);
  }
  return out;
}

function tryEcho(body: Buffer): ReturnType<typeof readEcho> | undefined {
  if (body[0] !== 0x7b) return undefined;
  try {
    const echo = readEcho(body);
    return typeof echo.method === 'string' && typeof echo.url === 'string' ? echo : undefined;
  } catch {
    return undefined;
  }
}

/** Request headers compared: those the fixture cases set (host, user-agent and request ids are listed differences). */
const SEEN_HEADERS = ['accept', 'cookie', 'content-type', 'content-encoding', 'content-length', 'x-tag', 'x-forwarded-for'];

export async function run(adapter: Adapter, source: EventSource, event: unknown, method: string): Promise<View> {
  const result = (await handlers[adapter](structuredClone(event))) as Record<string, unknown>;
  const res = clientView(source, result, method);
  const wire = { contentLength: [] as string[], transferEncoding: false, nonStringHeader: false };
  for (const map of [result.headers, result.multiValueHeaders] as (Record<string, unknown> | undefined)[]) {
    for (const [name, value] of Object.entries(map ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v !== 'string') wire.nonStringHeader = true;
        if (name.toLowerCase() === 'content-length') wire.contentLength.push(String(v));
        if (name.toLowerCase() === 'transfer-encoding') wire.transferEncoding = true;
      }
    }
  }
  const view: View = { result, wire, client: { status: res.statusCode, headers: comparable(res), body: res.body.toString('base64') } };
  const echo = tryEcho(res.body);
  if (echo) {
    const q = echo.url.indexOf('?');
    const headers: Record<string, unknown> = {};
    for (const name of SEEN_HEADERS) if (echo.headers[name] !== undefined) headers[name] = echo.headers[name];
    view.saw = {
      method: echo.method,
      // The raw request target, not a URL-normalised one: an unescaped space must show.
      path: q === -1 ? echo.url : echo.url.slice(0, q),
      query: [...new URLSearchParams(q === -1 ? '' : echo.url.slice(q + 1))],
      headers,
      body: echo.body,
      ip: echo.ip,
    };
    view.client.body = '(echo)';
    delete view.client.headers['content-length']; // the echo's own length varies with what the app saw
    wire.contentLength = [];
  }
  return view;
}
