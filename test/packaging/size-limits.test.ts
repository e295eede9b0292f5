import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionSchema } from '../../lambda-runtime/index.js';
import { checkLimits, formatSummary, LAMBDA_SIZE_LIMITS, PACKAGE_CODES, packageFunction } from '../../packaging/index.js';
import { tempDir } from '../helpers/index.js';

// Lambda takes at most 50 MB zipped by direct upload and 250 MB unzipped; a small injected limit stands in for them.
const fixtures = fileURLToPath(new URL('../fixtures/functions', import.meta.url));
const tmp = tempDir('strangler-limits-');
afterAll(() => tmp.remove());
const fn = FunctionSchema.parse({ name: 'echo', handler: 'http-echo.handler' });

describe('package size limits', () => {
  it("Lambda's own limits by default", () => {
    expect(LAMBDA_SIZE_LIMITS).toEqual({ zippedBytes: 50 * 1024 * 1024, unzippedBytes: 250 * 1024 * 1024 });
  });

  it('within the limits: the zip is written and the summary shows handler, sizes and the largest inputs', async () => {
    const out = await packageFunction(fn, fixtures, { outDir: tmp.path('ok') });
    expect(existsSync(out.zipFile)).toBe(true);
    const summary = formatSummary(out);
    expect(summary).toMatch(/handler {3}index\.handler \(nodejs22\.x\)/);
    expect(summary).toMatch(/\d+(\.\d)? (B|KB) zipped, \d+(\.\d)? (B|KB) unzipped \(limits 50\.0 MB \/ 250\.0 MB\)/);
    expect(summary).toContain('http-echo.mjs');
  });

  it.each([
    ['zipped', { zippedBytes: 100, unzippedBytes: 1e9 }, /zipped, above the 100 B Lambda takes by direct upload/],
    ['unzipped', { zippedBytes: 1e9, unzippedBytes: 100 }, /unzipped, above Lambda's 100 B limit/],
  ])('above the %s limit: a coded error and no zip', async (_which, limits, message) => {
    const outDir = tmp.path(`over-${_which}`);
    const err = await packageFunction(fn, fixtures, { outDir, limits }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: PACKAGE_CODES.TOO_LARGE });
    expect((err as Error).message).toMatch(message);
    expect(existsSync(join(outDir, 'echo.zip'))).toBe(false);
  });

  it('exactly at the limit passes', () => {
    expect(() => checkLimits('fn', 100, 200, { zippedBytes: 100, unzippedBytes: 200 })).not.toThrow();
    expect(() => checkLimits('fn', 101, 200, { zippedBytes: 100, unzippedBytes: 200 })).toThrow(expect.objectContaining({ code: PACKAGE_CODES.TOO_LARGE }));
  });
});
