import { request as httpRequest, type IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  countBody,
  deferred,
  generatedBody,
  peakRss,
  spawnCli,
  startProxy,
  startUpstream,
  tempDir,
  testPlan,
  testPlanInput,
  type CliProcess,
  type RunningProxy,
  type TempDir,
  type Upstream,
} from '../../helpers/index.js';

function count(stream: IncomingMessage): Promise<number> {
  return countBody(stream).then((r) => r.bytes);
}

describe('bodies stream through the proxy', () => {
  let mono: Upstream | undefined;
  let running: RunningProxy | undefined;

  afterEach(async () => {
    await running?.close();
    running = undefined;
    await mono?.close();
    mono = undefined;
  });

  it('delivers the start of an upload to the monolith before the client has sent the rest', async () => {
    const firstChunkAtMonolith = deferred();
    mono = await startUpstream((req, res) => {
      req.once('data', () => firstChunkAtMonolith.resolve());
      void count(req).then((n) => res.end(String(n)));
    });
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    const response = deferred<IncomingMessage>();
    const client = httpRequest(`${running.url}/upload`, { method: 'POST', agent: false, headers: { 'transfer-encoding': 'chunked' } }, response.resolve);
    client.write('first piece;');
    // A buffering proxy would wait for the end of the body: this would never resolve (and the test time out).
    await firstChunkAtMonolith.promise;
    client.end('second piece');
    const res = await response.promise;
    expect(await new Promise((r) => res.setEncoding('utf8').once('data', r))).toBe(String('first piece;second piece'.length));
  });

  it('delivers the start of a download to the client before the monolith has sent the rest', async () => {
    const clientGotFirst = deferred();
    mono = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('head;');
      // The rest only once the client has seen the first part through the proxy.
      void clientGotFirst.promise.then(() => res.end('tail'));
    });
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    const body = await new Promise<string>((resolve, reject) => {
      httpRequest(`${running!.url}/download`, { agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
          clientGotFirst.resolve();
        });
        res.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    expect(body).toBe('head;tail');
  });
});

/**
 * Memory stays flat whatever the body size. The proxy runs as the CLI in a child process, so its memory is not
 * mixed with the test's (which generates and counts the bytes); its peak resident set (Linux VmHWM, which
 * catches a spike that a sampled heap reading could miss) is read before and after 256 MiB each way. Buffering
 * either body would add at least 256 MiB; streaming adds a few socket buffers.
 */
describe.skipIf(process.platform !== 'linux')('large bodies with bounded proxy memory', () => {
  const SIZE = 256 * 1024 * 1024;
  const MAX_GROWTH = 96 * 1024 * 1024;
  let mono: Upstream | undefined;
  let cli: CliProcess | undefined;
  let tmp: TempDir | undefined;

  afterEach(async () => {
    await cli?.stop();
    await mono?.close();
    tmp?.remove();
  });

  it('streams 256 MiB up and 256 MiB down without the proxy holding them', { timeout: 180_000 }, async () => {
    mono = await startUpstream((req, res) => {
      if (req.method === 'POST') {
        void count(req).then((n) => res.end(String(n)));
      } else {
        req.resume();
        res.writeHead(200, { 'content-length': String(SIZE) });
        generatedBody(SIZE).pipe(res);
      }
    });
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', testPlanInput({ monolith: { url: mono.url }, server: { logLevel: 'warn' } }));
    cli = spawnCli(['proxy', '--plan', file]);
    const [, url] = await cli.waitForOutput(/strangler proxy\s+(\S+)/);
    const pid = cli.child.pid!;

    // Warm up (JIT, pools), then take the baseline.
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(`${url}/warm`, { method: 'POST', agent: false }, (res) => void count(res).then(() => resolve(), reject));
        req.on('error', reject);
        req.end(Buffer.alloc(1024 * 1024));
      });
    }
    const before = peakRss(pid);

    const uploaded = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${url}/upload`, { method: 'POST', agent: false, headers: { 'content-length': String(SIZE) } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      void pipeline(generatedBody(SIZE), req).catch(reject);
    });
    expect(Number(uploaded)).toBe(SIZE);

    const downloaded = await new Promise<number>((resolve, reject) => {
      httpRequest(`${url}/download`, { agent: false }, (res) => void count(res).then(resolve, reject))
        .on('error', reject)
        .end();
    });
    expect(downloaded).toBe(SIZE);

    const growth = peakRss(pid) - before;
    expect(growth).toBeLessThan(MAX_GROWTH);
    process.stdout.write(`[streaming] proxy peak RSS growth over 2 × 256 MiB: ${(growth / 1048576).toFixed(1)} MiB\n`);
  });
});
