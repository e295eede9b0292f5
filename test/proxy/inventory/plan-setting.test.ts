import { describe, expect, it } from 'vitest';
import { retentionMs } from '../../../proxy/inventory/index.js';
import { PlanSchema } from '../../../proxy/plan/index.js';

const base = { monolith: { url: 'http://127.0.0.1:3000' } };

describe('plan inventory: { enabled, retention }', () => {
  it('defaults to on, kept seven days', () => {
    expect(PlanSchema.parse(base).inventory).toEqual({ enabled: true, retention: '7d' });
    expect(retentionMs('7d')).toBe(7 * 86_400_000);
  });

  it.each([
    ['90m', 90 * 60_000],
    ['36h', 36 * 3_600_000],
    ['1m', 60_000],
  ])('retention %s is %d ms', (retention, ms) => {
    const plan = PlanSchema.parse({ ...base, inventory: { retention } });
    expect(retentionMs(plan.inventory.retention)).toBe(ms);
  });

  it.each(['7 days', '0m', '30s', '1w', ''])('refuses retention "%s" at inventory.retention', (retention) => {
    const result = PlanSchema.safeParse({ ...base, inventory: { retention } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain('inventory.retention');
  });

  it('refuses an unknown key (the section is strict)', () => {
    const result = PlanSchema.safeParse({ ...base, inventory: { enable: false } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['inventory']);
  });
});
