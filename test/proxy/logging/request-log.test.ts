import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED } from '../../../proxy/logging/index.js';
import { logSink, route, send, testPlan, useProxy, useUpstream, type RunningProxy, type Upstream } from '../../helpers/index.js';

describe('request log', () => {
  const startUpstream = useUpstream();
  const startProxy = useProxy();
  let mono: Upstream;
  let running: RunningProxy | undefined;

  it('writes one JSON line per request with route, stage, side, status, duration and id (no query string)', async () => {
    mono = await startUpstream((_req, res) => res.writeHead(201).end());
    running = await startProxy(testPlan({ monolith: { url: mono.url }, routes: [route('orders', '/orders/:id', ['GET'])] }));
    await send(`${running.url}/orders/7?token=secret`, { headers: { 'x-request-id': 'log-1' } });
    await send(`${running.url}/elsewhere`);
    const lines = await Promise.all([running.logs.waitFor((l) => l.requestId === 'log-1'), running.logs.waitFor((l) => l.path === '/elsewhere')]);
    expect(running.logs.filter((l) => l.msg === 'request')).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request',
      routeId: 'orders',
      stage: 'off',
      stageSource: 'static',
      servedBy: 'monolith',
      status: 201,
      requestId: 'log-1',
      method: 'GET',
      path: '/orders/7',
    });
    expect(typeof lines[0].durationMs).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('redacts authorization, cookie and set-cookie when headers are logged (debug level)', async () => {
    mono = await startUpstream((_req, res) => res.writeHead(200, { 'set-cookie': ['session=abc123; HttpOnly'], 'x-visible': 'yes' }).end());
    running = await startProxy(testPlan({ monolith: { url: mono.url }, server: { logLevel: 'debug' } }));
    await send(`${running.url}/me`, {
      headers: { authorization: 'Bearer topsecret', cookie: 'session=abc123', 'proxy-authorization': 'Basic eA==', 'x-other': 'kept' },
    });
    const line = await running.logs.waitFor((l) => l.msg === 'request');
    const req = (line.req as { headers: Record<string, unknown> }).headers;
    const res = (line.res as { headers: Record<string, unknown> }).headers;
    expect(req.authorization).toBe(REDACTED);
    expect(req.cookie).toBe(REDACTED);
    expect(req['proxy-authorization']).toBe(REDACTED);
    expect(req['x-other']).toBe('kept');
    expect(res['set-cookie']).toBe(REDACTED);
    expect(res['x-visible']).toBe('yes');
    const text = JSON.stringify(running.logs.lines);
    expect(text).not.toContain('topsecret');
    expect(text).not.toContain('abc123');
  });

  it('createLogger redacts secret headers wherever modules log headers (headers, req/res, shadow.<side>)', () => {
    const sink = logSink();
    const logger = createLogger({ destination: sink.stream });
    logger.info(
      { headers: { cookie: 'a' }, upstream: { headers: { 'set-cookie': ['s=1'] } }, shadow: { lambda: { headers: { authorization: 'b', accept: 'c' } } } },
      'x',
    );
    logger.flush();
    return sink
      .waitFor((l) => l.msg === 'x')
      .then((line) => {
        expect(line.headers).toEqual({ cookie: REDACTED });
        expect(line.upstream).toEqual({ headers: { 'set-cookie': REDACTED } });
        expect(line.shadow).toEqual({ lambda: { headers: { authorization: REDACTED, accept: 'c' } } });
      });
  });
});
