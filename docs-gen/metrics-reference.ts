import { Registry } from 'prom-client';
import { registerFlagsLoadedGauge } from '../proxy/admin/server.js';
import { FallbackMetrics } from '../proxy/fallback/index.js';
import { LambdaHealth } from '../proxy/lambda-health/index.js';
import { ProxyMetrics } from '../proxy/metrics/index.js';
import { rollbackCounter } from '../proxy/promotion/rollback.js';
import { ShadowMetrics } from '../proxy/shadow/index.js';
import { SecondWriteMetrics } from '../proxy/metrics/second-writes.js';
import { cell, generatedHeader, type GeneratedPage } from './page.js';

/** One metric as the page lists it. */
export interface MetricRow {
  name: string;
  type: string;
  labels: string[];
  help: string;
  /** The part of the proxy that registers it (the page's section). */
  part: string;
}

/**
 * Every part that registers metrics on the proxy's registry, each building its metrics the way the proxy does
 * (several register lazily, on first use: a proxy started with one plan would not show them all).
 */
const PARTS: Array<[part: string, register: (registry: Registry) => void]> = [
  ['Requests (every proxy)', (registry) => void new ProxyMetrics({ registry })],
  ['Flags (admin API)', (registry) => void registerFlagsLoadedGauge(registry, () => true)],
  ['Lambda invocations and cold starts (routes served by a function)', (registry) => void new LambdaHealth(registry)],
  ['Fallback and circuit breakers', (registry) => void new FallbackMetrics(registry)],
  ['Shadow traffic and comparison', (registry) => void new ShadowMetrics(registry)],
  ['Automatic rollback (routes served by a function)', (registry) => void rollbackCounter(registry)],
  ['Dual writes (`writes: dual` routes)', (registry) => void new SecondWriteMetrics(registry)],
];

interface RegisteredMetric {
  name: string;
  help: string;
  labelNames?: readonly string[];
  get(): Promise<{ type: string }> | { type: string };
}

/** Every strangler metric: name, type, labels and help, read from the metric objects themselves. */
export async function metricDefinitions(): Promise<MetricRow[]> {
  const rows: MetricRow[] = [];
  for (const [part, register] of PARTS) {
    const registry = new Registry();
    register(registry);
    for (const metric of registry.getMetricsAsArray() as unknown as RegisteredMetric[]) {
      const { type } = await metric.get();
      rows.push({ name: metric.name, type, labels: [...(metric.labelNames ?? [])], help: metric.help, part });
    }
  }
  return rows;
}

export async function metricsReference(): Promise<string> {
  const rows = await metricDefinitions();
  const out = [
    generatedHeader(
      'Metrics reference',
      "the metric definitions on the proxy's registry (proxy/metrics, proxy/fallback, proxy/shadow, proxy/lambda-health, proxy/targets, proxy/admin)",
    ),
    "Every metric on the admin API's `GET /metrics` ([Admin API](admin-api.md)), by the part that registers it. Label",
    'values are bounded: route ids, stages, sides, status classes, error codes, never paths or request data.',
    '[Metrics: what they tell you](monitoring.md) explains the label values and has example queries.',
    '',
  ];
  for (const part of [...new Set(rows.map((r) => r.part))]) {
    out.push(`## ${part}`, '', '| metric | type | labels | help |', '| --- | --- | --- | --- |');
    for (const r of rows.filter((x) => x.part === part)) {
      out.push(`| \`${r.name}\` | ${r.type} | ${cell(r.labels.map((l) => `\`${l}\``).join(', '))} | ${cell(r.help)} |`);
    }
    out.push('');
  }
  out.push(
    "`strangler proxy` also exports prom-client's process metrics (`process_*`, `nodejs_*`); in code, pass",
    '`processMetrics: true` to `createProxy`/`createPlanProxy`.',
    '',
  );
  return out.join('\n');
}

export const metricsReferencePage: GeneratedPage = { path: 'docs/metrics.md', generate: metricsReference };
