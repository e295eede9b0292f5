import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { invocationOutcome, LambdaHealth, parseReportLine, RecentWindow, type LambdaReport } from '../../../proxy/lambda-health/index.js';
import { ProxyMetrics } from '../../../proxy/metrics/index.js';
import { staticStageResolver } from '../../../proxy/stages/resolver.js';
import { ProxyServices } from '../../../proxy/services/index.js';
import { createLambdaShared } from '../../../proxy/services/lambda-shared.js';

const report = (billed: number, init?: number): LambdaReport =>
  parseReportLine(
    `REPORT RequestId: r\tDuration: ${billed - 0.5} ms\tBilled Duration: ${billed} ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t${init !== undefined ? `Init Duration: ${init} ms\t` : ''}`,
  )!;

describe('LambdaHealth: per-route cold starts, billing, throttles and timeouts', () => {
  it('counts and summarises per route, as /routes shows it', () => {
    const health = new LambdaHealth(new Registry());
    health.record({ route: 'products', outcome: 'ok', report: report(120, 250.5) });
    health.record({ route: 'products', outcome: 'ok', report: report(3) });
    health.record({ route: 'products', outcome: 'ok', report: report(4) });
    health.record({ route: 'products', outcome: 'timeout', report: report(3000) });
    health.record({ route: 'products', outcome: 'throttled' });
    health.record({ route: 'orders', outcome: 'ok' });

    expect(health.snapshot('products')).toEqual({
      invocations: 5,
      coldStarts: 1,
      coldStartRate: 0.25, // of the 4 invocations with a REPORT line
      initDurationMs: { p50: 250.5, p99: 250.5 },
      billedDurationMs: { p50: 4, p99: 3000 },
      throttles: 1,
      timeouts: 1,
    });
    // Invocations without a log tail: cold starts unknown, not zero.
    expect(health.snapshot('orders')).toMatchObject({ invocations: 1, coldStarts: 0, coldStartRate: null, billedDurationMs: { p50: null, p99: null } });
    expect(health.snapshot('never')).toEqual({
      invocations: 0,
      coldStarts: 0,
      coldStartRate: null,
      initDurationMs: { p50: null, p99: null },
      billedDurationMs: { p50: null, p99: null },
      throttles: 0,
      timeouts: 0,
    });
  });

  it('exports Prometheus metrics on the proxy registry', async () => {
    const registry = new Registry();
    // One LambdaHealth per proxy: its services object makes it on first use and keeps it.
    const services = new ProxyServices({
      logger: pino({ enabled: false }),
      metrics: new ProxyMetrics({ registry }),
      resolver: staticStageResolver(),
      lambda: createLambdaShared(registry, pino({ enabled: false })),
    });
    const health = services.lambdaHealth;
    expect(services.lambdaHealth).toBe(health);
    health.record({ route: 'products', outcome: 'ok', report: report(120, 250) });
    health.record({ route: 'products', outcome: 'function_error', report: report(2) });
    const text = await registry.metrics();
    expect(text).toContain('strangler_lambda_invocations_total{route="products",outcome="ok"} 1');
    expect(text).toContain('strangler_lambda_invocations_total{route="products",outcome="function_error"} 1');
    expect(text).toContain('strangler_lambda_cold_starts_total{route="products"} 1');
    expect(text).toContain('strangler_lambda_init_duration_seconds_count{route="products"} 1');
    expect(text).toContain('strangler_lambda_init_duration_seconds_sum{route="products"} 0.25');
    expect(text).toContain('strangler_lambda_billed_duration_seconds_count{route="products"} 2');
  });

  it('RecentWindow keeps the last values only (nearest-rank percentiles)', () => {
    const w = new RecentWindow(4);
    expect(w.percentile(50)).toBeNull();
    for (const v of [1000, 1000, 1, 2, 3, 4]) w.push(v);
    expect(w.length).toBe(4);
    expect(w.percentile(50)).toBe(2);
    expect(w.percentile(99)).toBe(4);
  });
});

describe("invocationOutcome: the outcome label from the Lambda target's classification", () => {
  it.each([
    [{ ok: true }, 'ok'],
    [{ ok: false, failureKind: 'timeout' }, 'timeout'],
    [{ ok: false, failureKind: 'throttled' }, 'throttled'],
    [{ ok: false, failureKind: 'functionError' }, 'function_error'],
    [{ ok: false, failureKind: 'badResponse' }, 'function_error'],
    [{ ok: false, failureKind: 'status' }, 'function_error'],
    [{ ok: false, failureKind: 'network' }, 'error'],
    [{ ok: false, failureKind: 'notFound' }, 'error'],
    [{ ok: false, failureKind: 'network', aborted: true }, null],
  ])('%j → %s', (input, expected) => {
    expect(invocationOutcome(input)).toBe(expected);
  });
});
