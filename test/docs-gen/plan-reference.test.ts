import { describe, expect, it } from 'vitest';
import { planFields, planReference } from '../../docs-gen/index.js';

describe('plan reference (docs/plan-reference.md)', () => {
  const fields = planFields();

  it("lists the plan's fields with type and default (positive control: known fields, known defaults)", () => {
    const byPath = new Map(fields.map((f) => [f.path, f]));
    expect(byPath.get('monolith.url')).toMatchObject({ type: 'string', required: true });
    expect(byPath.get('listen.port')).toMatchObject({ type: 'integer', default: '8080', required: false });
    expect(byPath.get('routes[].stage')).toMatchObject({ default: '"off"' });
    expect(byPath.get('routes[].match.path')?.description).toMatch(/find-my-way/);
    // a tagged union: the tag is one row, each variant's fields are marked with their variant
    expect(byPath.get('flags.source')?.type).toBe('"static" | "file" | "launchdarkly"');
    expect(byPath.get('flags.sdkKeyEnv')?.when).toBe('source: launchdarkly');
    expect(fields.length).toBeGreaterThan(150);
  });

  it('every field has a description in the zod schema (`.describe(...)`: the code is the source)', () => {
    const undescribed = fields
      .filter((f) => f.description.trim() === '' || /`[^`]+`: ( |$)/.test(f.description))
      .map((f) => `${f.path}${f.when === undefined ? '' : ` (${f.when})`}`);
    expect(undescribed).toEqual([]);
  });

  it('renders one section per top-level key with a table row per field', () => {
    const page = planReference();
    expect(page).toContain('## `routes`');
    expect(page).toMatch(/^\| `listen\.port` \| `integer` \| `8080` \| .+ \|$/m);
  });
});
