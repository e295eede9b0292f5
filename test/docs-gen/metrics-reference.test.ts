import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricDefinitions, metricsReference } from '../../docs-gen/index.js';
import { ROOT } from '../proxy/plan/fixtures.js';

/** Every `'strangler_…'` metric name spelled in the proxy's source: what the reference must list. */
function metricNamesInSource(dir = join(ROOT, 'proxy')): Map<string, string> {
  const names = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const [n, f] of metricNamesInSource(path)) names.set(n, f);
    else if (entry.name.endsWith('.ts')) {
      for (const [, name] of readFileSync(path, 'utf8').matchAll(/'(strangler_[a-z_]+)'/g)) names.set(name!, relative(ROOT, path));
    }
  }
  return names;
}

describe('metrics reference (docs/metrics.md)', () => {
  it('lists every metric the source defines, and nothing else', async () => {
    const inSource = metricNamesInSource();
    expect(inSource.size).toBeGreaterThan(20); // positive control: the walk finds the definitions
    const listed = (await metricDefinitions()).map((m) => m.name);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...inSource.keys()].sort());
  });

  it('gives each metric its type, labels and help from the metric object', async () => {
    const byName = new Map((await metricDefinitions()).map((m) => [m.name, m]));
    expect(byName.get('strangler_requests_total')).toMatchObject({ type: 'counter', labels: ['route', 'stage', 'served_by', 'status_class'] });
    expect(byName.get('strangler_request_duration_seconds')).toMatchObject({ type: 'histogram', labels: ['route', 'target'] });
    expect(byName.get('strangler_breaker_state')).toMatchObject({ type: 'gauge', labels: ['route'] });
    for (const m of byName.values()) expect(m.help.length, m.name).toBeGreaterThan(10);
    expect(await metricsReference()).toMatch(/^\| `strangler_fallbacks_total` \| counter \| `route`, `reason` \| .+ \|$/m);
  });
});
