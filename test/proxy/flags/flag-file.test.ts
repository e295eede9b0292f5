import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { assignStage, parseFlagFile, renderFlagFile, summarizeFlag, type FlagConfig } from '../../../proxy/flags/index.js';
import { STAGES } from '../../../proxy/stages/plan.js';
import { fixture } from './helpers.js';

const read = (name: string) => readFileSync(fixture(name), 'utf8');
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return [(err as { code?: string }).code, (err as Error).message];
  }
  return [undefined, ''];
};

describe('flags file format', () => {
  it('parses the JSON and YAML fixtures', () => {
    expect(Object.keys(parseFlagFile(read('flags.json'), 'flags.json').flags ?? {})).toEqual(['strangler-route-products']);
    expect(parseFlagFile(read('flags.yaml'), 'flags.yaml').flags?.['strangler-route-products']?.fallthrough).toEqual({ variation: 3 });
  });

  it.each([
    ['invalid-truncated.json', 'not valid JSON'],
    ['invalid-variations.json', 'flags.strangler-route-products.variations'],
    ['invalid-key-mismatch.json', 'must equal its map key'],
    ['invalid-index.json', 'variation index 7 out of range'],
  ])('%s is STRANGLER_FLAGS_FILE_INVALID naming the problem', (name, text) => {
    const [code, message] = codeOf(() => parseFlagFile(read(name), name));
    expect(code).toBe('STRANGLER_FLAGS_FILE_INVALID');
    expect(message).toContain(name);
    expect(message).toContain(text);
  });

  it('an empty file is invalid, not "no flags"', () => {
    expect(codeOf(() => parseFlagFile('  \n', 'flags.json'))[0]).toBe('STRANGLER_FLAGS_FILE_INVALID');
  });
});

describe('summarizeFlag', () => {
  const flag = (over: Partial<FlagConfig>): FlagConfig => ({
    key: 'f',
    on: true,
    variations: [...STAGES],
    offVariation: 0,
    fallthrough: { variation: 3 },
    version: 4,
    ...over,
  });
  it.each([
    ['a stage for everyone', flag({}), 'live', 'live'],
    [
      'a rollout',
      flag({
        fallthrough: {
          rollout: {
            variations: [
              { variation: 0, weight: 75_000 },
              { variation: 3, weight: 25_000 },
            ],
          },
        },
      }),
      null,
      'off 75% / live 25%',
    ],
    ['a flag that is off', flag({ on: false, offVariation: 2 }), 'shadow', 'shadow (flag off)'],
    ['rules on top', flag({ rules: [{}] }), null, 'live (+1 rules/targets)'],
    ['a value that is not a stage', flag({ variations: ['on', 'off'], fallthrough: { variation: 0 } }), null, 'invalid: fallthrough is not a stage'],
  ])('%s', (_what, f, stage, text) => {
    expect(summarizeFlag(f)).toMatchObject({ stage, text, version: 4 });
  });
});

describe('assignStage (what `flags set` writes)', () => {
  it('creates a migration flag with all six stages', () => {
    const f = assignStage('k', undefined, { stage: 'shadow', contextKind: 'user' });
    expect(f).toMatchObject({ key: 'k', on: true, variations: [...STAGES], offVariation: 0, fallthrough: { variation: 2 }, version: 1 });
  });

  it('writes the ramped stage LAST in the rollout, whatever its weight, so ramps are sticky', () => {
    for (const percent of [20, 40, 70, 99.5]) {
      const f = assignStage('k', undefined, { stage: 'live', percent, rest: 'off', contextKind: 'session' });
      expect(f.fallthrough).toEqual({
        rollout: {
          contextKind: 'session',
          variations: [
            { variation: 0, weight: 100_000 - percent * 1000 },
            { variation: 3, weight: percent * 1000 },
          ],
        },
      });
    }
  });

  it('bumps the version, keeps rules and targets, and turns the flag on', () => {
    const existing: FlagConfig = {
      key: 'k',
      on: false,
      variations: [...STAGES],
      offVariation: 0,
      fallthrough: { variation: 0 },
      version: 7,
      rules: [{ id: 'r' }],
    };
    const f = assignStage('k', existing, { stage: 'complete', contextKind: 'user' });
    expect(f).toMatchObject({ on: true, version: 8, rules: [{ id: 'r' }], fallthrough: { variation: 5 } });
    expect(existing.version).toBe(7);
  });

  it('0 % and 100 % are plain stages', () => {
    expect(assignStage('k', undefined, { stage: 'live', percent: 100, rest: 'off', contextKind: 'user' }).fallthrough).toEqual({ variation: 3 });
    expect(assignStage('k', undefined, { stage: 'live', percent: 0, rest: 'off', contextKind: 'user' }).fallthrough).toEqual({ variation: 0 });
  });

  it('renders JSON, and YAML keeping comments', () => {
    const f = assignStage('k', undefined, { stage: 'live', contextKind: 'user' });
    expect(JSON.parse(renderFlagFile(read('flags.json'), 'flags.json', f)).flags).toHaveProperty('k');
    const yaml = renderFlagFile(read('flags.yaml'), 'flags.yaml', f);
    expect(yaml).toContain('# The same flags as flags.json, in YAML.');
    expect(Object.keys((parseYaml(yaml) as { flags: object }).flags)).toEqual(['strangler-route-products', 'k']);
    expect(JSON.parse(renderFlagFile(null, 'new.json', f))).toEqual({ flags: { k: f } });
  });
});
