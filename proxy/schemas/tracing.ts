import { z } from 'zod';
import { HttpUrlSchema, RatioSchema } from './common.js';

/** `service.name` of the proxy's spans when neither the plan nor `OTEL_SERVICE_NAME` names one. */
export const DEFAULT_SERVICE_NAME = 'strangler';
/** Fraction of new traces recorded (a caller's sampled flag is always followed). */
export const DEFAULT_SAMPLE_RATIO = 1;

/**
 * `tracing:` in the plan: W3C Trace Context propagation and OpenTelemetry spans exported over OTLP/HTTP (JSON).
 * Without this section tracing is on only when `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT`
 * is set. Global only: routes have no tracing settings of their own.
 */
export const TracingSchema = z
  .strictObject({
    /** `otlp` (default): export spans over OTLP/HTTP; `none`: tracing off, even when the OTEL_* variables are set. */
    exporter: z
      .enum(['otlp', 'none'])
      .default('otlp')
      .describe('`otlp` (default): export spans over OTLP/HTTP; `none`: tracing off, even when the OTEL_* variables are set.'),
    /**
     * The collector's OTLP/HTTP base URL (`/v1/traces` is appended unless the path already ends with it). Default:
     * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, then `OTEL_EXPORTER_OTLP_ENDPOINT`, then `http://localhost:4318`.
     */
    endpoint: HttpUrlSchema.optional().describe(
      "The collector's OTLP/HTTP base URL (`/v1/traces` is appended unless the path already ends with it). Default: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, then `OTEL_EXPORTER_OTLP_ENDPOINT`, then `http://localhost:4318`.",
    ),
    /** `service.name` of the proxy's spans. Default `OTEL_SERVICE_NAME`, then `strangler`. */
    serviceName: z.string().min(1).optional().describe("`service.name` of the proxy's spans. Default `OTEL_SERVICE_NAME`, then `strangler`."),
    /** Fraction of new traces (no sampled caller) that are recorded, 0 to 1. Default: OTEL_TRACES_SAMPLER(_ARG), then 1. A caller\'s decision is kept. */
    sampleRatio: RatioSchema.optional().describe(
      "Fraction of new traces (no sampled caller) that are recorded, 0 to 1. Default: `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`, then 1. A caller's sampled flag is always followed.",
    ),
  })
  .optional();

export type TracingSettings = z.infer<typeof TracingSchema>;
