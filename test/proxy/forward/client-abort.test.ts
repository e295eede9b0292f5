import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { deferred, startProxy, startUpstream, testPlan, type RunningProxy, type Upstream } from '../../helpers/index.js';

describe('client abort', () => {
  let mono: Upstream;
  let running: RunningProxy | undefined;

  afterEach(async () => {
    await running?.close();
    running = undefined;
    await mono?.close();
  });

  it('aborts the monolith request when the client goes away, and logs 499', async () => {
    const received = deferred();
    const upstreamClosed = deferred<{ finished: boolean }>();
    mono = await startUpstream((req, res) => {
      received.resolve();
      // Never answers: only the proxy's abort ends this request.
      res.on('close', () => upstreamClosed.resolve({ finished: res.writableFinished }));
      req.resume();
    });
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));

    const client = httpRequest(`${running.url}/wait`, { agent: false });
    client.on('error', () => {});
    client.end();
    await received.promise;
    client.destroy();

    expect(await upstreamClosed.promise).toEqual({ finished: false });
    const line = await running.logs.waitFor((l) => l.msg === 'request');
    expect(line).toMatchObject({ status: 499, aborted: true, path: '/wait' });
  });

  it('aborts the monolith request when the client drops during an upload', async () => {
    const gotData = deferred();
    const upstreamAborted = deferred();
    mono = await startUpstream((req, res) => {
      req.once('data', () => gotData.resolve());
      req.on('close', () => {
        if (!req.complete) upstreamAborted.resolve();
      });
      res.on('close', () => upstreamAborted.resolve());
    });
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    const client = httpRequest(`${running.url}/upload`, { method: 'POST', agent: false, headers: { 'content-length': '1000000' } });
    client.on('error', () => {});
    client.write(Buffer.alloc(1000));
    await gotData.promise;
    client.destroy();
    await upstreamAborted.promise;
  });
});
