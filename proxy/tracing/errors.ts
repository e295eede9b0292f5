import { defineCodes, StranglerError, type CodeOf } from '../errors/index.js';

/** Codes of tracing start-up errors (stable: tests and users match on them). */
export const TRACING_ERRORS = defineCodes({
  STRANGLER_TRACING_ENDPOINT_INVALID: {
    meaning: 'start-up: `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is not an absolute http(s) URL (the variable is named)',
  },
  STRANGLER_TRACING_SAMPLER_INVALID: {
    meaning: 'start-up: `OTEL_TRACES_SAMPLER` names a sampler strangler does not offer, or `OTEL_TRACES_SAMPLER_ARG` is not a number from 0 to 1',
  },
});

export type TracingErrorCode = CodeOf<typeof TRACING_ERRORS>;

/** Short names of TRACING_ERRORS' codes. */
export const TRACING_ERROR_CODES = {
  /** An OTEL_EXPORTER_OTLP_* variable is not an absolute http(s) URL. */
  badEndpoint: 'STRANGLER_TRACING_ENDPOINT_INVALID',
  /** OTEL_TRACES_SAMPLER names a sampler strangler does not offer, or OTEL_TRACES_SAMPLER_ARG is not a ratio. */
  badSampler: 'STRANGLER_TRACING_SAMPLER_INVALID',
} as const satisfies Record<string, TracingErrorCode>;

/** Tracing cannot start as configured (raised at proxy start, naming the setting to fix). */
export class TracingConfigError extends StranglerError {
  declare readonly code: TracingErrorCode;
  constructor(message: string, options: { cause?: unknown; code?: TracingErrorCode } = {}) {
    super(options.code ?? TRACING_ERROR_CODES.badEndpoint, message, { cause: options.cause });
    this.name = 'TracingConfigError';
  }
}
