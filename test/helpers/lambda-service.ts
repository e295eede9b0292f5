import { fileURLToPath } from 'node:url';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdaService, type FunctionInput, type LambdaService, type LambdaServiceOptions } from '../../lambda-runtime/index.js';
import { useStarted, type FixtureScope } from './lifecycle.js';

/** The test functions (plain .mjs/.cjs files and a custom bootstrap), as a plan's folder would hold them. */
export const FUNCTIONS_DIR = fileURLToPath(new URL('../fixtures/functions/', import.meta.url));

/** Starts the local Lambda service on 127.0.0.1:0 with the test functions (test/fixtures/functions). */
export function startService(functions: FunctionInput[], options: Partial<LambdaServiceOptions> = {}): Promise<LambdaService> {
  return startLambdaService({ functions, baseDir: FUNCTIONS_DIR, ...options });
}

/** The real SDK client, as the proxy builds it: endpoint set, dummy credentials, no SDK retries. */
export function clientFor(service: LambdaService): LambdaClient {
  return new LambdaClient({
    endpoint: service.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** A running local Lambda service and an SDK client for it. */
export interface RunningLambdaService {
  service: LambdaService;
  /** `http://127.0.0.1:PORT`, for a plan's `lambda.endpoint`. */
  endpoint: string;
  client: LambdaClient;
  /** Destroys the client and closes the service. */
  close(): Promise<void>;
}

/**
 * Registers a hook that closes every local Lambda service started through the returned function (after each test,
 * or after the file with scope `all`). Each start gets a fresh SDK client.
 * @example
 *   const startLambda = useLambdaService('all');
 *   let lambda: RunningLambdaService;
 *   beforeAll(async () => { lambda = await startLambda([{ name: 'hello', handler: 'hello.handler' }]); });
 *   it('…', async () => { await invoke(lambda.client, 'hello', {}); });
 */
export function useLambdaService(
  scope: FixtureScope = 'each',
): (functions: FunctionInput[], options?: Partial<LambdaServiceOptions>) => Promise<RunningLambdaService> {
  return useStarted(async (functions: FunctionInput[], options: Partial<LambdaServiceOptions> = {}) => {
    const service = await startService(functions, options);
    const client = clientFor(service);
    return {
      service,
      endpoint: service.endpoint,
      client,
      async close() {
        client.destroy();
        await service.close();
      },
    };
  }, scope);
}
