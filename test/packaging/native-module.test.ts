import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionSchema } from '../../lambda-runtime/index.js';
import { PACKAGE_CODES, packageFunction } from '../../packaging/index.js';
import { tempDir } from '../helpers/index.js';

// Native addons are machine code for the machine that installed them: packaging names them and stops, instead of
// bundling something that fails on Lambda's Amazon Linux.
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const tmp = tempDir('strangler-native-');
afterAll(() => tmp.remove());

const pack = (handler: string) => packageFunction(FunctionSchema.parse({ name: 'fn', handler }), fixtures, { outDir: tmp.dir });

describe('native modules in the dependency graph', () => {
  it('a plain function packages (control)', async () => {
    await expect(pack('functions/http-echo.handler')).resolves.toMatchObject({ handler: 'index.handler' });
  });

  it('a require of a .node file is an error naming the file and why', async () => {
    const err = await pack('packaging/native/handler.handler').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: PACKAGE_CODES.NATIVE_MODULE });
    expect((err as Error).message).toMatch(/addon\.node/);
    expect((err as Error).message).toMatch(/Amazon Linux/);
  });

  it('a package that loads its addon at run time (better-sqlite3 through bindings) is found by its .node file', async () => {
    const err = await pack('packaging/sqlite/handler.handler').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: PACKAGE_CODES.NATIVE_MODULE });
    expect((err as Error).message).toMatch(/better-sqlite3 \(.*(\.node|binding\.gyp)\)/);
  });
});
