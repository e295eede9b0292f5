import { StranglerError } from '../errors.js';

/** Codes of tracing start-up errors (stable: tests and users match on them). */
export const TRACING_ERROR_CODES = {
  /** An OTEL_EXPORTER_OTLP_* variable is not an absolute http(s) URL. */
  badEndpoint: 'STRANGLER_TRACING_ENDPOINT_INVALID',
  /** OTEL_TRACES_SAMPLER names a sampler strangler does not offer, or OTEL_TRACES_SAMPLER_ARG is not a ratio. */
  badSampler: 'STRANGLER_TRACING_SAMPLER_INVALID',
} as const;

/** Tracing cannot start as configured (raised at proxy start, naming the setting to fix). */
export class TracingConfigError extends StranglerError {
  constructor(message: string, options: { cause?: unknown; code?: (typeof TRACING_ERROR_CODES)[keyof typeof TRACING_ERROR_CODES] } = {}) {
    super(options.code ?? TRACING_ERROR_CODES.badEndpoint, message, { cause: options.cause });
    this.name = 'TracingConfigError';
  }
}
