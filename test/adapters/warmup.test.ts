import express from 'express';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { fromExpress, fromFastify, fromNodeHandler, WARMUP_EVENT, type LambdaHttpHandler } from '../../adapters/index.js';
import { fakeContext } from '../fixtures/events/context.js';
import { loadEvent } from './helpers/events.js';

/** The documented v2 fixture as a GET without a body. */
function getEvent(): Record<string, any> {
  const event = loadEvent('api-gateway-v2');
  event.requestContext.http.method = 'GET';
  delete event.body;
  delete event.headers['content-type'];
  return event;
}

/** Each adapter around an app that counts its runs; the warm-up event must not run it, an HTTP event must. */
function adapters(): { name: string; handler: LambdaHttpHandler; runs: () => number }[] {
  let nodeRuns = 0;
  const node = fromNodeHandler((_req, res) => {
    nodeRuns++;
    res.end('app');
  });
  let expressRuns = 0;
  const app = express();
  app.use((_req, res) => {
    expressRuns++;
    res.send('app');
  });
  let fastifyRuns = 0;
  const fastify = Fastify();
  fastify.all('/*', async () => {
    fastifyRuns++;
    return 'app';
  });
  return [
    { name: 'fromNodeHandler', handler: node, runs: () => nodeRuns },
    { name: 'fromExpress', handler: fromExpress(app), runs: () => expressRuns },
    { name: 'fromFastify', handler: fromFastify(fastify), runs: () => fastifyRuns },
  ];
}

describe('the warm-up event', () => {
  it.each(adapters())('$name answers it without running the app; an HTTP event still runs it', async ({ handler, runs }) => {
    const warm = await handler({ ...WARMUP_EVENT }, fakeContext());
    expect(warm).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"warm":true}' });
    expect(runs()).toBe(0);
    // Positive control: the same handler runs the app for a request.
    const answer = await handler(getEvent(), fakeContext());
    expect(answer.statusCode).toBe(200);
    expect(runs()).toBe(1);
  });

  it('is recognised by its source only: an HTTP event with other fields is not a warm-up', async () => {
    const { handler, runs } = adapters()[0]!;
    await expect(handler({ source: 'aws.events' }, fakeContext())).rejects.toThrow();
    expect(runs()).toBe(0);
  });
});
