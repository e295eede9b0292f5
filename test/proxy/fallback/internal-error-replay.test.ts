import { beforeAll, describe, expect, it } from 'vitest';
import { closedPort, send, testPlan, useProxy, useUpstream, type RunningProxy, type Upstream } from '../../helpers/index.js';

// A bug while serving from Lambda (here: a `classify` hook that throws) is logged and treated as a network failure.
// The body was read already, so the fallback must replay that copy: the client's request cannot be read again.
const startUpstream = useUpstream('all');
const startProxy = useProxy('all');
let mono: Upstream;
let proxy: RunningProxy;

beforeAll(async () => {
  mono = await startUpstream((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.end(`monolith got ${JSON.stringify(Buffer.concat(chunks).toString())}`));
  });
  proxy = await startProxy(
    testPlan({
      monolith: { url: mono.url },
      lambda: { endpoint: `http://127.0.0.1:${await closedPort()}` },
      routes: [{ id: 'orders', match: { path: '/orders' }, function: { name: 'orders' }, stage: 'live', fallback: { methods: ['POST'] } }],
    }),
    {
      lambda: {
        classify: () => {
          throw new Error('a classify hook bug');
        },
      },
    },
  );
});

describe('an internal error while serving from Lambda', () => {
  it('falls back with the body the proxy had read, and logs the error', async () => {
    const res = await send(`${proxy.url}/orders`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'order #1' });

    expect(res.status).toBe(200);
    expect(res.headers['x-strangler-fallback']).toBe('STRANGLER_LAMBDA_NETWORK');
    expect(res.text).toBe('monolith got "order #1"');
    const line = await proxy.logs.waitFor((l) => l.msg === 'lambda target failed');
    expect(line).toMatchObject({ routeId: 'orders', err: { message: 'a classify hook bug' } });
  });
});
