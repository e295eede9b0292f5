import type { Logger } from 'pino';
import { resolveTracing } from './config.js';
import type { TracingSettings } from '../schemas/tracing.js';
import { ProxyTracing } from './tracer.js';

/**
 * Starts tracing for a plan when the plan or the environment asks for it (see `resolveTracing`); null when tracing
 * is off (no SDK is loaded into the request path then). The proxy gets it as `ProxyOptions.tracing`.
 */
export function startTracing(settings: TracingSettings, env: NodeJS.ProcessEnv, logger: Logger): ProxyTracing | null {
  const config = resolveTracing(settings, env);
  if (config === null) return null;
  const tracing = new ProxyTracing(config, logger);
  logger.info(
    { event: 'tracing', endpoint: config.url, serviceName: config.serviceName, sampleRatio: config.sampleRatio, source: config.source },
    'tracing on: exporting spans over OTLP/HTTP',
  );
  return tracing;
}
