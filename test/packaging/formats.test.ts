import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FunctionSchema, type LambdaService } from '../../lambda-runtime/index.js';
import { packageFunction } from '../../packaging/index.js';
import { tempDir } from '../helpers/index.js';
import { clientFor, invoke, startService } from '../lambda-runtime/helpers.js';

// Both module formats load from the zip root as Lambda's Node runtime loads them, and the AWS SDK stays out of the
// bundle unless asked for.
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const tmp = tempDir('strangler-formats-');
let service: LambdaService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});
afterAll(() => tmp.remove());

describe.each([
  ['esm', 'index.mjs'],
  ['cjs', 'index.js'],
] as const)('--format %s', (format, file) => {
  it(`writes ${file} at the zip root and the local service runs it`, async () => {
    const out = await packageFunction(FunctionSchema.parse({ name: `echo-${format}`, handler: 'functions/http-echo.handler' }), fixtures, {
      outDir: tmp.path(format),
      format,
    });
    expect(out.handler).toBe('index.handler');
    service = await startService([{ name: 'echo', code: out.zipFile, handler: out.handler }], { codeCacheDir: tmp.path('cache') });
    const client = clientFor(service);
    const result = (await invoke(client, 'echo', { rawPath: '/x' })).json as { statusCode: number; headers: Record<string, string> };
    client.destroy();
    expect(result.statusCode).toBe(200);
    expect(result.headers['x-served-by']).toBe('lambda');
  });
});

describe('@aws-sdk/*', () => {
  const fn = FunctionSchema.parse({ name: 'sdk', handler: 'packaging/sdk/handler.handler' });
  const sdkInputs = (inputs: Array<{ path: string }>) => inputs.filter((i) => i.path.includes('node_modules/@aws-sdk/'));

  it('is left to the Lambda runtime by default', async () => {
    const out = await packageFunction(fn, fixtures, { outDir: tmp.path('sdk-external') });
    expect(sdkInputs(out.topInputs)).toEqual([]);
    expect(out.zippedBytes).toBeLessThan(10_000);
  });

  it('is bundled with bundleAwsSdk (--bundle-aws-sdk)', async () => {
    const out = await packageFunction(fn, fixtures, { outDir: tmp.path('sdk-bundled'), bundleAwsSdk: true });
    expect(sdkInputs(out.topInputs).length).toBeGreaterThan(0);
  });
});
