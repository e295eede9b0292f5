import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { route, send, startProxy, testPlan, type RunningProxy } from '../../helpers/index.js';

/**
 * A monolith host that never answers the TCP handshake (down behind a firewall that drops packets, or an accept
 * queue that is full) must cost a request `monolith.timeoutMs`, not the minutes the OS spends retrying the SYN.
 * Reproduced on loopback: a listener in a stopped process (it cannot accept) whose accept queue is filled, after
 * which the kernel drops new SYNs and `connect` just waits.
 */
describe('connecting to the monolith', () => {
  let running: RunningProxy | undefined;
  let blackhole: { port: number; close(): void } | undefined;

  afterEach(async () => {
    await running?.close();
    running = undefined;
    blackhole?.close();
    blackhole = undefined;
  });

  it('answers 504 STRANGLER_MONOLITH_TIMEOUT when the connection cannot be established within monolith.timeoutMs', { timeout: 30_000 }, async () => {
    // prepare
    blackhole = await startBlackhole();
    running = await startProxy(testPlan({ monolith: { url: `http://127.0.0.1:${blackhole.port}`, timeoutMs: 300 }, routes: [route('r', '/r')] }));
    // act
    const started = Date.now();
    const res = await send(`${running.url}/r`, { headers: { 'x-request-id': 'syn-1' } });
    const elapsed = Date.now() - started;
    // assert
    expect(res.status).toBe(504);
    expect(res.json()).toMatchObject({ error: { code: 'STRANGLER_MONOLITH_TIMEOUT' } });
    expect(res.headers['x-request-id']).toBe('syn-1');
    // Without the fix the request waits for the OS's SYN retries (over a minute); generous for a loaded machine.
    expect(elapsed).toBeLessThan(10_000);
    const line = await running.logs.waitFor((l) => l.msg === 'request');
    expect(line).toMatchObject({ routeId: 'r', status: 504, errorCode: 'STRANGLER_MONOLITH_TIMEOUT' });
  });
});

/** A loopback port whose connects hang: a listener (backlog 1) in a SIGSTOPped child, its accept queue filled. */
async function startBlackhole(): Promise<{ port: number; close(): void }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-e', "require('net').createServer().listen({ host: '127.0.0.1', port: 0, backlog: 1 }, function () { console.log(this.address().port) })"],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`blackhole listener exited with ${code}`)));
  });
  child.kill('SIGSTOP');
  // Fill the accept queue (backlog + 1 on Linux) and then some; these never complete or stay queued unaccepted.
  const fillers: Socket[] = [];
  for (let i = 0; i < 6; i++) {
    const s = connect(port, '127.0.0.1');
    s.on('error', () => {});
    fillers.push(s);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    port,
    close() {
      for (const s of fillers) s.destroy();
      child.kill('SIGKILL');
    },
  };
}
