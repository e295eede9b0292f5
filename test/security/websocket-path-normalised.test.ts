import { connect } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startProxy, startUpstream, testPlan, type RunningProxy, type Upstream } from '../helpers/index.js';

// A WebSocket handshake goes to the monolith on its own path (proxy/server/upgrade.ts): its target is normalised
// like every other request's, so `/x/../chat` reaches the monolith as `/chat` and `%2F` is refused.

let mono: Upstream | undefined;
let running: RunningProxy | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  await mono?.close();
  mono = undefined;
});

/** Sends a raw handshake and returns what the proxy answered until it closed the connection. */
function handshake(url: string, target: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () =>
      socket.write(
        `GET ${target} HTTP/1.1\r\nHost: shop\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    let out = '';
    socket.on('data', (c) => (out += c.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(out));
  });
}

describe('WebSocket handshake path', () => {
  it('reaches the monolith normalised, and an encoded slash is refused with 400 STRANGLER_PATH_INVALID', async () => {
    const upgrades: string[] = [];
    mono = await startUpstream();
    mono.server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
      upgrades.push(req.url ?? '');
      socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n');
    });
    running = await startProxy(testPlan({ monolith: { url: mono.url } }));
    expect(await handshake(running.url, '/x/../chat//room?x=1')).toMatch(/^HTTP\/1\.1 101 /);
    expect(upgrades).toEqual(['/chat/room?x=1']);
    const refused = await handshake(running.url, '/chat%2F..%2Fadmin');
    expect(refused).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(refused.split('\r\n\r\n')[1]!)).toMatchObject({ error: { code: 'STRANGLER_PATH_INVALID' } });
    expect(upgrades).toHaveLength(1);
    await running.logs.waitFor((l) => l.errorCode === 'STRANGLER_PATH_INVALID' && l.upgrade === 'websocket');
  });
});
