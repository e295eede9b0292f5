import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import { createProxy } from '../../../proxy/index.js';
import { PlanSchema } from '../../../proxy/plan/index.js';
import { startProxy, startUpstream, tempDir, testPlanInput, waitFor, type RunningProxy, type TempDir, type Upstream } from '../../helpers/index.js';

/** A fresh self-signed certificate for 127.0.0.1 (never a committed private key). */
async function certificate(commonName: string): Promise<{ cert: string; key: string }> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  return { cert: pems.cert, key: pems.private };
}

/** The subject CN of the certificate a new TLS handshake gets, trusting `ca`. */
function servedCommonName(url: string, ca: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: hostname, port: Number(port), ca }, () => {
      const cn = socket.getPeerCertificate().subject.CN;
      socket.end();
      resolve(String(Array.isArray(cn) ? cn[0] : cn));
    });
    socket.on('error', reject);
  });
}

function get(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpsRequest(url, { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('TLS listeners (listen.tls, admin.tls)', () => {
  let mono: Upstream | undefined;
  let running: RunningProxy | undefined;
  let tmp: TempDir;

  afterEach(async () => {
    await running?.close();
    running = undefined;
    await mono?.close();
    mono = undefined;
    tmp?.remove();
  });

  /** The certificate being written to cert.pem now: trusted as its own CA (it is self-signed). */
  const ca = (): string => readFileSync(tmp.path('cert.pem'), 'utf8');

  async function start(): Promise<void> {
    mono = await startUpstream((req, res) => res.end(`proto=${req.headers['x-forwarded-proto']}`));
    tmp = tempDir();
    const first = await certificate('first');
    writeFileSync(tmp.path('cert.pem'), first.cert);
    writeFileSync(tmp.path('key.pem'), first.key);
    // Paths are relative to the plan file, as users write them.
    const plan = testPlanInput({
      monolith: { url: mono.url },
      listen: { tls: { cert: 'cert.pem', key: 'key.pem' } },
      admin: { tls: { cert: 'cert.pem', key: 'key.pem' } },
    });
    const file = tmp.writePlan('plan.yaml', plan);
    running = await startProxy({ plan: PlanSchema.parse(plan), file, dir: tmp.dir });
  }

  it('serves HTTPS on both listeners, and the monolith sees X-Forwarded-Proto: https', async () => {
    await start();
    expect(running!.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(running!.adminUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(`${running!.url}/x`, ca())).toEqual({ status: 200, body: 'proto=https' });
    expect((await get(`${running!.adminUrl}/healthz`, ca())).status).toBe(200);
  });

  it('a renewed certificate is served to the next handshake when its files change, without a restart', async () => {
    await start();
    const first = await servedCommonName(running!.url, ca());
    expect(first).toBe('first');
    const second = await certificate('second');
    writeFileSync(tmp.path('key.pem'), second.key);
    writeFileSync(tmp.path('cert.pem'), second.cert);
    await waitFor(async () => (await servedCommonName(running!.url, second.cert).catch(() => 'old')) === 'second', {
      timeoutMs: 5_000,
      what: 'the renewed certificate',
    });
    expect(await servedCommonName(running!.adminUrl, second.cert)).toBe('second');
    expect(running!.logs.lines.filter((l) => l.event === 'tls.reload' && l.trigger === 'file change').length).toBeGreaterThan(0);
  });

  it('a plan reload (SIGHUP) reads the certificate again', async () => {
    await start();
    const second = await certificate('second');
    // Written and reloaded in one tick: the file watcher's debounce cannot have run, so the reload did it.
    writeFileSync(tmp.path('key.pem'), second.key);
    writeFileSync(tmp.path('cert.pem'), second.cert);
    running!.proxy.reload(running!.proxy.plan);
    expect(await servedCommonName(running!.url, second.cert)).toBe('second');
    expect(running!.logs.lines.some((l) => l.event === 'tls.reload' && l.trigger === 'reload' && l.field === 'listen.tls')).toBe(true);
  });

  it('a half-written renewal (key of another certificate) keeps the old certificate serving, with a coded log line', async () => {
    await start();
    const other = await certificate('other');
    writeFileSync(tmp.path('key.pem'), other.key);
    running!.proxy.reload(running!.proxy.plan);
    const failed = running!.logs.lines.find((l) => l.event === 'tls.reload' && l.code === 'STRANGLER_TLS_RELOAD_FAILED');
    expect(failed).toMatchObject({ level: 50, field: 'listen.tls' });
    expect(await servedCommonName(running!.url, ca())).toBe('first');
  });

  it('an unreadable certificate fails the start with STRANGLER_TLS_INVALID naming the field and file', () => {
    tmp = tempDir();
    const plan = PlanSchema.parse(testPlanInput({ monolith: { url: 'http://127.0.0.1:1' }, listen: { tls: { cert: 'nope.pem', key: 'key.pem' } } }));
    expect(() => createProxy({ plan, file: tmp.path('plan.yaml'), dir: tmp.dir })).toThrow(
      expect.objectContaining({
        code: 'STRANGLER_TLS_INVALID',
        message: expect.stringContaining(`listen.tls.cert: cannot read ${tmp.path('nope.pem')}: file not found`),
      }),
    );
  });
});
