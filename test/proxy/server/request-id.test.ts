import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoHandler, send, startProxy, startUpstream, testPlan, type RunningProxy, type Upstream } from '../../helpers/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('x-request-id', () => {
  let mono: Upstream;
  let running: RunningProxy;

  beforeAll(async () => {
    mono = await startUpstream(echoHandler);
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
  });
  afterAll(async () => {
    await running?.close();
    await mono?.close();
  });

  it('keeps the client’s id: sent to the monolith, echoed to the client, logged', async () => {
    const res = await send(`${running.url}/a`, { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(res.headers['x-request-id']).toBe('trace-abc.123');
    expect(res.json<{ headers: Record<string, string> }>().headers['x-request-id']).toBe('trace-abc.123');
    const line = await running.logs.waitFor((l) => l.msg === 'request' && l.path === '/a');
    expect(line.requestId).toBe('trace-abc.123');
  });

  it('generates a UUID when the client sends none', async () => {
    const res = await send(`${running.url}/b`);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    expect(res.json<{ headers: Record<string, string> }>().headers['x-request-id']).toBe(id);
    expect((await running.logs.waitFor((l) => l.msg === 'request' && l.path === '/b')).requestId).toBe(id);
  });

  it.each([
    ['too long', 'x'.repeat(201)],
    ['with spaces', 'a b'],
  ])('replaces an id that is %s', async (_what, given) => {
    const res = await send(`${running.url}/c`, { headers: { 'x-request-id': given } });
    expect(res.headers['x-request-id']).toMatch(UUID);
  });

  it('gives each request its own id', async () => {
    const [a, b] = await Promise.all([send(`${running.url}/d`), send(`${running.url}/d`)]);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
});
