import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { resolveTracing } from './config.js';
import type { TracingSettings } from '../schemas/tracing.js';
import { ProxyTracing } from './tracer.js';

/**
 * The tracing of each proxy, keyed by the proxy's metrics registry: the one object `createPlanProxy` hands to
 * `createProxy` that the request path can already reach (`shared.metrics.registry`), so the per-proxy tracer needs
 * no global and no new field on the proxy's shared state. A WeakMap: a closed proxy's entry goes with it.
 */
const byRegistry = new WeakMap<Registry, ProxyTracing>();

/** Binds `tracing` to the proxy that uses `registry`. */
export function attachTracing(registry: Registry, tracing: ProxyTracing): void {
  byRegistry.set(registry, tracing);
}

/** The tracing of the proxy using `registry`; undefined when tracing is off (one WeakMap lookup). */
export function tracingOf(registry: Registry): ProxyTracing | undefined {
  return byRegistry.get(registry);
}

/** Forgets the binding (on proxy close). */
export function detachTracing(registry: Registry): void {
  byRegistry.delete(registry);
}

/**
 * Starts tracing for a plan when the plan or the environment asks for it (see `resolveTracing`), bound to the
 * proxy's registry; null when tracing is off (no SDK is loaded into the request path then).
 */
export function startTracing(settings: TracingSettings, env: NodeJS.ProcessEnv, registry: Registry, logger: Logger): ProxyTracing | null {
  const config = resolveTracing(settings, env);
  if (config === null) return null;
  const tracing = new ProxyTracing(config, logger);
  attachTracing(registry, tracing);
  logger.info({ event: 'tracing', endpoint: config.url, serviceName: config.serviceName, sampleRatio: config.sampleRatio, source: config.source }, 'tracing on: exporting spans over OTLP/HTTP');
  return tracing;
}
