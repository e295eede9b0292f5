import { describe, expect, it } from 'vitest';
import { resolveTracing, TracingSchema } from '../../../proxy/tracing/index.js';
import { parsePlan } from '../../../proxy/plan/index.js';

const on = (settings: Record<string, unknown>) => TracingSchema.parse(settings);

describe('resolveTracing: plan section and OTEL_* variables', () => {
  it.each([
    ['nothing set', undefined, {}, null],
    [
      'OTEL_EXPORTER_OTLP_ENDPOINT (base: /v1/traces appended)',
      undefined,
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' },
      { url: 'http://c:4318/v1/traces', source: 'env' },
    ],
    [
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as is, wins)',
      undefined,
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/custom' },
      { url: 'http://c:4318/custom' },
    ],
    ['OTEL_TRACES_EXPORTER=none without a plan section', undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }, null],
    ['OTEL_SDK_DISABLED=true even with a plan section', on({}), { OTEL_SDK_DISABLED: 'true' }, null],
    [
      'a plan section alone: the OTLP default endpoint',
      on({}),
      {},
      { url: 'http://localhost:4318/v1/traces', serviceName: 'strangler', sampleRatio: 1, source: 'plan' },
    ],
    [
      'the plan endpoint beats the variables',
      on({ endpoint: 'http://p:4318' }),
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://e:4318/v1/traces' },
      { url: 'http://p:4318/v1/traces' },
    ],
    ['a plan endpoint already ending in /v1/traces', on({ endpoint: 'http://p:4318/v1/traces' }), {}, { url: 'http://p:4318/v1/traces' }],
    ['exporter none', on({ exporter: 'none' }), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, null],
    [
      'service name: plan, then OTEL_SERVICE_NAME',
      on({ sampleRatio: 0.25 }),
      { OTEL_SERVICE_NAME: 'shop-edge' },
      { serviceName: 'shop-edge', sampleRatio: 0.25 },
    ],
    [
      'OTEL_TRACES_SAMPLER_ARG gives the ratio',
      undefined,
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
      { sampleRatio: 0.1 },
    ],
    ['traceidratio without an argument: the spec default 1', on({}), { OTEL_TRACES_SAMPLER: 'TraceIdRatio' }, { sampleRatio: 1 }],
    ['always_off records no new trace', on({}), { OTEL_TRACES_SAMPLER: 'parentbased_always_off' }, { sampleRatio: 0 }],
    [
      'the plan’s sampleRatio beats the variables',
      on({ sampleRatio: 0.5 }),
      { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
      { sampleRatio: 0.5 },
    ],
  ])('%s', (_what, settings, env, expected) => {
    const got = resolveTracing(settings, env as NodeJS.ProcessEnv);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toMatchObject(expected);
  });

  it('a variable that is not an http(s) URL is a coded start-up error naming it', () => {
    expect(() => resolveTracing(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      expect.objectContaining({ code: 'STRANGLER_TRACING_ENDPOINT_INVALID', message: expect.stringContaining('OTEL_EXPORTER_OTLP_ENDPOINT') }),
    );
    expect(() => resolveTracing(undefined, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://x/v1/traces' })).toThrow(
      expect.objectContaining({ code: 'STRANGLER_TRACING_ENDPOINT_INVALID' }),
    );
  });

  it('a sampler variable it cannot honour is a coded start-up error naming it', () => {
    const code = 'STRANGLER_TRACING_SAMPLER_INVALID';
    expect(() => resolveTracing(on({}), { OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toThrow(
      expect.objectContaining({ code, message: expect.stringContaining('OTEL_TRACES_SAMPLER="jaeger_remote"') }),
    );
    expect(() => resolveTracing(on({}), { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '10%' })).toThrow(
      expect.objectContaining({ code, message: expect.stringContaining('OTEL_TRACES_SAMPLER_ARG') }),
    );
    expect(() => resolveTracing(on({}), { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' })).toThrow(expect.objectContaining({ code }));
    // Tracing off: the sampler variables are not read.
    expect(resolveTracing(undefined, { OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toBeNull();
  });

  it('the plan section is validated with the plan (file, line, field)', () => {
    const text = 'monolith:\n  url: http://127.0.0.1:3000\ntracing:\n  exporter: zipkin\n  sampleRatio: 2\n';
    expect(() => parsePlan(text, 'plan.yaml')).toThrow(expect.objectContaining({ code: 'STRANGLER_PLAN_INVALID' }));
    try {
      parsePlan(text, 'plan.yaml');
    } catch (err) {
      expect(String((err as Error).message)).toMatch(/plan\.yaml:4:\d+ tracing\.exporter/);
      expect(String((err as Error).message)).toMatch(/plan\.yaml:5:\d+ tracing\.sampleRatio/);
    }
  });
});
