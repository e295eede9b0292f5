import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { useProxy } from './proxy.js';
import { testPlan } from './plans.js';
import { useUpstream, type Upstream } from './upstream.js';
import { useLambdaService, type RunningLambdaService } from './lambda-service.js';

/** True when something accepts TCP connections at `url`. */
function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('use* fixtures stop what they started', () => {
  let lambda: RunningLambdaService | undefined;

  describe("scope 'each': after every test", () => {
    const startUpstream = useUpstream();
    const startProxy = useProxy();
    let mono: Upstream | undefined;
    let urls: string[] = [];

    it('starts on demand and hands back typed handles', async () => {
      mono = await startUpstream((_req, res) => res.end('from the monolith'));
      const proxy = await startProxy(testPlan({ monolith: { url: mono.url } }));
      urls = [mono.url, proxy.url, proxy.adminUrl];
      expect(await (await fetch(`${proxy.url}/x`)).text()).toBe('from the monolith');
      expect(await proxy.metrics()).toContain('strangler_requests_total{route="(unmatched)"');
      expect((await proxy.logs.waitFor((l) => l.msg === 'request' && l.path === '/x')).status).toBe(200);
      // Positive control for the next test: while started, everything listens.
      for (const url of urls) expect(await listening(url)).toBe(true);
    });

    it('the next test finds them closed', async () => {
      expect(urls).toHaveLength(3);
      for (const url of urls) expect(await listening(url)).toBe(false);
    });
  });

  describe("scope 'all': after the file's (describe's) last test", () => {
    const startLambda = useLambdaService('all');

    it('starts the local Lambda service with a client', async () => {
      lambda = await startLambda([{ name: 'hello', handler: 'hello.handler' }]);
      expect(lambda.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await listening(lambda.endpoint)).toBe(true);
    });

    it('keeps it across tests', async () => {
      expect(await listening(lambda!.endpoint)).toBe(true);
    });
  });

  afterAll(async () => {
    // The inner describe's afterAll ran first: the service it started is closed now.
    expect(lambda).toBeDefined();
    expect(await listening(lambda!.endpoint)).toBe(false);
  });
});
