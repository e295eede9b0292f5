import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { Plan } from '../plan/schema.js';

export type LambdaConfig = Plan['lambda'];

/** Sockets per Invoke endpoint: enough for the proxy's concurrency on one machine (the SDK's default is 50). */
export const LAMBDA_MAX_SOCKETS = 256;

/** Credentials for a local endpoint when the environment has none: the local service does not check them. */
const LOCAL_CREDENTIALS = { accessKeyId: 'strangler-local', secretAccessKey: 'strangler-local' };

/**
 * The proxy's one `LambdaClient`, from the plan's `lambda` section: region, endpoint (the local Lambda service; AWS
 * when unset), credentials from the standard AWS chain, keep-alive sockets, and `maxAttempts` (default 1: the SDK
 * retries throttles, 5xx and dropped connections, and a retried Invoke can run a non-idempotent function twice;
 * the proxy owns retry and fallback instead).
 *
 * A loopback endpoint with no `AWS_ACCESS_KEY_ID` in the environment gets placeholder credentials, so the local
 * service works without an AWS account and without the chain probing the EC2 metadata endpoint.
 * @example
 *   const client = createLambdaClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9001', maxAttempts: 1 });
 */
export function createLambdaClient(config: LambdaConfig, env: NodeJS.ProcessEnv = process.env): LambdaClient {
  const agentOptions = { keepAlive: true, maxSockets: LAMBDA_MAX_SOCKETS, maxFreeSockets: LAMBDA_MAX_SOCKETS };
  const local = config.endpoint !== undefined && isLoopback(new URL(config.endpoint).hostname);
  return new LambdaClient({
    region: config.region,
    ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
    maxAttempts: config.maxAttempts,
    ...(local && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE ? { credentials: LOCAL_CREDENTIALS } : {}),
    requestHandler: { httpAgent: new HttpAgent(agentOptions), httpsAgent: new HttpsAgent(agentOptions) },
  });
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || hostname.startsWith('127.');
}
