import { DEFAULT_SAMPLE_RATIO, DEFAULT_SERVICE_NAME, type TracingSettings } from '../schemas/tracing.js';
import { TRACING_ERROR_CODES, TracingConfigError } from './errors.js';

/** Tracing as it will run: where spans go, under which service name, how many new traces are kept. */
export interface TracingConfig {
  /** The full OTLP/HTTP traces URL (`…/v1/traces`). */
  url: string;
  serviceName: string;
  sampleRatio: number;
  /** Where the settings came from (for the start-up log line). */
  source: 'plan' | 'env';
}

/** OTLP/HTTP's traces path, appended to a base endpoint (https://opentelemetry.io/docs/specs/otlp/#otlphttp-request). */
export const TRACES_PATH = '/v1/traces';
/** The OTLP/HTTP default when nothing names a collector. */
export const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318';

/**
 * Whether tracing runs, and how: a pure function of the plan's `tracing:` section and the environment.
 * - `tracing.exporter: none`, or `OTEL_SDK_DISABLED=true`: off.
 * - a `tracing:` section: on; the endpoint is the plan's, else the OTEL_* variables, else localhost:4318.
 * - no section: on only when `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT` is set (and
 *   `OTEL_TRACES_EXPORTER` is not `none`).
 * Variable semantics follow the OTel spec: the `_TRACES_` URL is used as is, the generic one gets `/v1/traces`
 * (https://opentelemetry.io/docs/specs/otel/protocol/exporter/#endpoint-urls-for-otlphttp).
 * Throws STRANGLER_TRACING_ENDPOINT_INVALID for a variable that is not an http(s) URL, and
 * STRANGLER_TRACING_SAMPLER_INVALID for a sampler variable it cannot honour (see `samplerRatio`).
 * @example
 *   resolveTracing(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })
 *   // → { url: 'http://collector:4318/v1/traces', serviceName: 'strangler', sampleRatio: 1, source: 'env' }
 */
export function resolveTracing(settings: TracingSettings, env: NodeJS.ProcessEnv): TracingConfig | null {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return null;
  if (settings?.exporter === 'none') return null;
  const tracesVar = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const baseVar = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (settings === undefined) {
    if (tracesVar === undefined && baseVar === undefined) return null;
    if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return null;
  }
  let url: string;
  if (settings?.endpoint !== undefined) url = tracesUrl(settings.endpoint);
  else if (tracesVar !== undefined) url = checkUrl(tracesVar, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  else if (baseVar !== undefined) url = tracesUrl(checkUrl(baseVar, 'OTEL_EXPORTER_OTLP_ENDPOINT'));
  else url = DEFAULT_OTLP_ENDPOINT + TRACES_PATH;
  return {
    url,
    serviceName: settings?.serviceName ?? nonEmpty(env.OTEL_SERVICE_NAME) ?? DEFAULT_SERVICE_NAME,
    sampleRatio: settings?.sampleRatio ?? samplerRatio(env) ?? DEFAULT_SAMPLE_RATIO,
    source: settings === undefined ? 'env' : 'plan',
  };
}

/**
 * The new-trace ratio the OTel sampler variables ask for (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/#general-sdk-configuration),
 * or undefined when unset. The proxy's sampler is always parent-based (a caller's decision is followed), so the
 * `parentbased_` and plain variants mean the same here. Anything else stops the start with a coded error rather
 * than being ignored (the spec's "warn and use the default" would silently record every trace).
 */
export function samplerRatio(env: NodeJS.ProcessEnv): number | undefined {
  const sampler = nonEmpty(env.OTEL_TRACES_SAMPLER)?.toLowerCase();
  const arg = nonEmpty(env.OTEL_TRACES_SAMPLER_ARG);
  const bad = (message: string): TracingConfigError => new TracingConfigError(message, { code: TRACING_ERROR_CODES.badSampler });
  switch (sampler) {
    case undefined:
      return undefined;
    case 'always_on':
    case 'parentbased_always_on':
      return 1;
    case 'always_off':
    case 'parentbased_always_off':
      return 0;
    case 'traceidratio':
    case 'parentbased_traceidratio': {
      if (arg === undefined) return 1; // the spec's default argument
      const ratio = Number(arg);
      if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw bad(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got ${JSON.stringify(arg)}`);
      return ratio;
    }
    default:
      throw bad(
        `OTEL_TRACES_SAMPLER=${JSON.stringify(env.OTEL_TRACES_SAMPLER)} is not supported; use always_on, always_off, traceidratio or their parentbased_ forms (or tracing.sampleRatio in the plan)`,
      );
  }
}

/** A base endpoint with `/v1/traces` appended (once). */
export function tracesUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith(TRACES_PATH) ? trimmed : trimmed + TRACES_PATH;
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function checkUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new TracingConfigError(`${name} must be an absolute http:// or https:// URL, got ${JSON.stringify(value)}`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TracingConfigError(`${name} must be an absolute http:// or https:// URL, got ${JSON.stringify(value)}`);
  }
  return value;
}
