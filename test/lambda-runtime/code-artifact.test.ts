import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { codeRoot, LAMBDA_SERVICE_CODES, type LambdaService } from '../../lambda-runtime/index.js';
import { zipFiles } from '../../packaging/index.js';
import { tempDir } from '../helpers/index.js';
import { clientFor, FUNCTIONS_DIR, invoke, startService } from './helpers.js';

// A function's `code:` artifact: a folder used in place, or a zip unzipped once into a cache folder named by its
// SHA-256. A zip is input from outside: entries that would land outside the folder are refused before any write.
const tmp = tempDir('strangler-code-');
const cacheDir = tmp.path('cache');
let service: LambdaService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});
afterAll(() => tmp.remove());

const fixture = (name: string) => ({ name, data: readFileSync(join(FUNCTIONS_DIR, name)) });

describe('code: a zip', () => {
  it('runs the handler inside the zip (index.handler style), unzipped into the cache', async () => {
    const zip = tmp.path('hello.zip');
    writeFileSync(zip, zipFiles([{ name: 'index.mjs', data: fixture('hello.mjs').data }]));
    service = await startService([{ name: 'hello', code: zip, handler: 'index.handler' }], { codeCacheDir: cacheDir });
    const client = clientFor(service);
    expect((await invoke(client, 'hello', {})).json).toEqual({ hello: 'world' });
    client.destroy();
  });

  it('a custom-runtime bootstrap inside a zip runs (the zip keeps no file modes: it is made executable)', async () => {
    const zip = tmp.path('custom.zip');
    writeFileSync(zip, zipFiles([{ name: 'bootstrap', data: readFileSync(join(FUNCTIONS_DIR, 'custom-runtime/bootstrap')) }]));
    service = await startService([{ name: 'shout', code: zip, bootstrap: 'bootstrap' }], { codeCacheDir: cacheDir });
    const client = clientFor(service);
    expect((await invoke(client, 'shout', { say: 'hi' })).json).toMatchObject({ upper: '{"SAY":"HI"}' });
    client.destroy();
  });

  it('the same content reuses its folder; changed content gets a new one', () => {
    const zip = tmp.path('cache-me.zip');
    writeFileSync(zip, zipFiles([fixture('hello.mjs')]));
    const first = codeRoot(zip, 'fn', cacheDir);
    writeFileSync(join(first, 'marker'), 'kept');
    expect(codeRoot(zip, 'fn', cacheDir)).toBe(first);
    expect(existsSync(join(first, 'marker'))).toBe(true);
    writeFileSync(zip, zipFiles([fixture('commonjs.cjs')]));
    const second = codeRoot(zip, 'fn', cacheDir);
    expect(second).not.toBe(first);
    expect(existsSync(join(second, 'commonjs.cjs'))).toBe(true);
  });

  it.each([['../escape.js'], ['/etc/escape.js'], ['a/../../escape.js'], ['a\\..\\..\\escape.js']])(
    'an entry named %s is refused and nothing is written',
    (name) => {
      const zip = tmp.path('slip.zip');
      writeFileSync(zip, zipSync({ 'index.mjs': new TextEncoder().encode('export const handler = () => 1;'), [name]: new TextEncoder().encode('pwned') }));
      const cache = tmp.path(`slip-cache-${name.length}`);
      expect(() => codeRoot(zip, 'fn', cache)).toThrow(
        expect.objectContaining({ code: LAMBDA_SERVICE_CODES.CODE, message: expect.stringContaining('outside the code folder') }),
      );
      expect(readdirSync(cache)).toEqual([]);
      expect(existsSync(tmp.path('escape.js'))).toBe(false);
    },
  );

  it.each([
    ['does not exist', () => tmp.path('missing.zip'), /does not exist/],
    [
      'is not a zip',
      () => {
        writeFileSync(tmp.path('text.zip'), 'just text');
        return tmp.path('text.zip');
      },
      /not a readable \.zip/,
    ],
  ])('an artifact that %s is a coded start-up error naming the function', async (_what, path, message) => {
    const err = await startService([{ name: 'broken', code: path(), handler: 'index.handler' }], { codeCacheDir: cacheDir }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: LAMBDA_SERVICE_CODES.CODE });
    expect((err as Error).message).toMatch(/function "broken"/);
    expect((err as Error).message).toMatch(message);
  });
});

describe('the cache folder', () => {
  it('is created private, and one others may write to is refused', () => {
    const zip = tmp.path('private.zip');
    writeFileSync(zip, zipFiles([fixture('hello.mjs')]));
    const cache = tmp.path('private-cache');
    codeRoot(zip, 'fn', cache);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    // Prepare a folder anyone could have planted code in, then use it.
    const open = tmp.path('open-cache');
    mkdirSync(open, { mode: 0o777 });
    chmodSync(open, 0o777);
    expect(() => codeRoot(zip, 'fn', open)).toThrow(
      expect.objectContaining({ code: LAMBDA_SERVICE_CODES.CODE, message: expect.stringContaining('others may write') }),
    );
  });
});

describe('code: a folder', () => {
  it('runs from the folder in place', async () => {
    service = await startService([{ name: 'prebuilt', code: '../cloudformation/prebuilt', handler: 'index.handler' }]);
    const client = clientFor(service);
    expect((await invoke(client, 'prebuilt', {})).json).toEqual({ statusCode: 200, body: 'prebuilt' });
    client.destroy();
  });
});
