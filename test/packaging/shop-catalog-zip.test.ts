import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, SHOP_PLAN, type Demo } from '../../examples/demo.js';
import { DEFAULT_CODE_CACHE_DIR, functionsOfPlan } from '../../lambda-runtime/index.js';
import { packageFunction, type PackagedFunction } from '../../packaging/index.js';
import { loadPlanFile } from '../../proxy/plan/index.js';
import { send, tempDir, type RawResponse, type TempDir } from '../helpers/index.js';

// The shop's catalog function packaged by `strangler package` (esbuild bundle in a zip), then run from the zip —
// not the source — by the local Lambda service. Through the proxy, the demo's catalog routes answer as they do
// with the source-run function: same status, headers and bytes.
let tmp: TempDir;
let packaged: PackagedFunction;
let fromSource: Demo;
let fromZip: Demo;

beforeAll(async () => {
  tmp = tempDir('strangler-package-');
  const { functions, baseDir } = functionsOfPlan(loadPlanFile(SHOP_PLAN));
  const catalog = functions.find((f) => f.name === 'shop-catalog')!;
  packaged = await packageFunction(catalog, baseDir, { outDir: tmp.path('out') });
  // The same plan, its function pointing at the artifact instead of the compiled source.
  const plan = parse(readFileSync(SHOP_PLAN, 'utf8')) as Record<string, unknown>;
  plan.functions = [{ name: 'shop-catalog', code: packaged.zipFile, handler: packaged.handler, timeout: catalog.timeout, memorySize: catalog.memorySize }];
  const zipPlan = tmp.writePlan('shop-from-zip.yaml', plan as never);
  const ports = { shop: 0, lambda: 0, proxy: 0, admin: 0 };
  const logger = pino({ level: 'silent' });
  [fromSource, fromZip] = await Promise.all([startDemo({ ports, logger }), startDemo({ planFile: zipPlan, ports, logger })]);
}, 60_000);
afterAll(async () => {
  await Promise.all([fromSource?.close(), fromZip?.close()]);
  tmp?.remove();
});

/** Each response has its own `servedAt` and each process its own `updatedAt` base: the one part that may differ. */
function sameBytesButClocks(text: string): string {
  return text.replace(/"(servedAt|updatedAt)":"[^"]*"/g, '"$1":"<time>"');
}

/** Headers that differ per response or per process by design. */
function stableHeaders(res: RawResponse, bodyIdentical: boolean): Record<string, unknown> {
  const { date: _date, etag, ...rest } = res.headers;
  return bodyIdentical ? { ...rest, etag } : rest;
}

describe('shop-catalog packaged and run from its zip', () => {
  it('is a zip with index.mjs at its root and the handler index.handler', () => {
    expect(packaged.handler).toBe('index.handler');
    expect(readFileSync(packaged.zipFile).subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(packaged.topInputs.length).toBeGreaterThan(0);
    expect(packaged.zippedBytes).toBeLessThan(packaged.unzippedBytes);
  });

  it("the local service ran the unzipped copy from the cache folder named by the zip's hash", async () => {
    expect((await send(`${fromZip.proxyUrl}/categories`)).status).toBe(200);
    const hash = createHash('sha256').update(readFileSync(packaged.zipFile)).digest('hex');
    expect(existsSync(join(DEFAULT_CODE_CACHE_DIR, hash, 'index.mjs'))).toBe(true);
  });

  it.each(['/categories', '/products/7', '/products?category=books&sort=-price&pageSize=3', '/products/99999', '/products?sort=cheapest', '/products/7/image'])(
    'GET %s answers as the source-run function does',
    async (path) => {
      const headers = { 'x-request-id': `zip-${path}` };
      const [a, b] = await Promise.all([send(`${fromSource.proxyUrl}${path}`, { headers }), send(`${fromZip.proxyUrl}${path}`, { headers })]);
      expect(b.headers['x-strangler-served-by']).toBe('lambda');
      expect(a.headers['x-strangler-served-by']).toBe('lambda');
      expect(b.status).toBe(a.status);
      const identical = a.body.equals(b.body);
      expect(stableHeaders(b, identical)).toEqual(stableHeaders(a, identical));
      if (path.endsWith('/image')) expect(identical).toBe(true);
      else expect(sameBytesButClocks(b.text)).toBe(sameBytesButClocks(a.text));
    },
  );
});
