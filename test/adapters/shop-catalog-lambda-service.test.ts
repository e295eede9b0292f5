import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromApiGatewayV1Result, fromApiGatewayV2Result, toApiGatewayV1Event, toApiGatewayV2Event } from '../../adapters/index.js';
import { startLambdaServiceFromPlan, type LambdaService } from '../../lambda-runtime/index.js';
import { loadPlanFile } from '../../proxy/plan/index.js';
import { request, values } from './helpers/events.js';

/**
 * The catalog function as the demo deploys it: migration-plans/shop.yaml's `shop-catalog` (the compiled
 * examples/shop/functions/catalog.js), run by the local Lambda service in its own execution environment and called
 * with the real SDK, with events from the proxy's encoder and results read by the proxy's decoder. (Through the
 * proxy itself, in stage `live`, is the Lambda-routing part's end-to-end test.)
 */

let service: LambdaService;
let client: LambdaClient;

beforeAll(async () => {
  const plan = loadPlanFile(fileURLToPath(new URL('../../migration-plans/shop.yaml', import.meta.url)));
  service = await startLambdaServiceFromPlan(plan, { port: 0 });
  client = new LambdaClient({
    endpoint: service.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client?.destroy();
  await service?.close();
});

async function invoke(event: unknown): Promise<Uint8Array> {
  const out = await client.send(new InvokeCommand({ FunctionName: 'shop-catalog', Payload: JSON.stringify(event) }));
  expect(out.FunctionError).toBeUndefined();
  return out.Payload ?? new Uint8Array();
}

describe('shop-catalog under the local Lambda service', () => {
  it('answers a product page through payload 2.0', async () => {
    const res = fromApiGatewayV2Result(
      await invoke(toApiGatewayV2Event(request({ rawPath: '/products/7', routeKey: 'GET /products/{id}', pathParameters: { id: '7' } }))),
    );
    expect(res.statusCode).toBe(200);
    expect(values(res, 'content-type')[0]).toMatch(/^application\/json/);
    expect(JSON.parse(res.body.toString())).toMatchObject({ id: 7, imageUrl: '/products/7/image' });
  });

  it('sends the PNG thumbnail base64-encoded and the bytes arrive intact', async () => {
    const res = fromApiGatewayV2Result(await invoke(toApiGatewayV2Event(request({ rawPath: '/products/7/image' }))));
    expect(values(res, 'content-type')).toEqual(['image/png']);
    expect(res.body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(values(res, 'content-length')).toEqual([String(res.body.length)]);
  });

  it('answers payload 1.0 events and the JSON error of the monolith for a bad query', async () => {
    const res = fromApiGatewayV1Result(await invoke(toApiGatewayV1Event(request({ rawPath: '/products', rawQuery: 'sort=cheapest' }))));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'sort' } });
  });
});
