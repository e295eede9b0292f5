import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import { tempFixtures } from './helpers.js';

// `strangler flags set` / `flags show`, run in-process as the bin runs them.
let files: ReturnType<typeof tempFixtures>;
beforeEach(() => {
  files = tempFixtures({ 'plan.yaml': 'plan-file.yaml', 'flags.json': 'flags.json' });
});
afterEach(() => files.cleanup());

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
const plan = () => files.path('plan.yaml');
const flagsFile = () => JSON.parse(readFileSync(files.path('flags.json'), 'utf8')) as { flags: Record<string, Record<string, unknown>> };

describe('strangler flags set', () => {
  it('sets a stage in place, bumping the version', async () => {
    const r = await run('flags', 'set', 'products', 'live', '--plan', plan());
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(`${files.path('flags.json')}: products: flag strangler-route-products version 2: live\n`);
    expect(flagsFile().flags['strangler-route-products']).toMatchObject({ version: 2, fallthrough: { variation: 3 }, salt: 'strangler-route-products' });
  });

  it('creates the flag, and the file, when missing', async () => {
    rmSync(files.path('flags.json'));
    const r = await run('flags', 'set', 'orders', 'dualwrite', '--plan', plan());
    expect(r.code).toBe(0);
    expect(Object.keys(flagsFile().flags)).toEqual(['strangler-route-orders']);
    expect(flagsFile().flags['strangler-route-orders']).toMatchObject({
      version: 1,
      variations: ['off', 'dualwrite', 'shadow', 'live', 'rampdown', 'complete'],
    });
  });

  it('writes a percentage rollout bucketed by the plan’s context kind; a ramp keeps the rest stage', async () => {
    expect((await run('flags', 'set', 'products', 'live', '--percent', '25', '--rest', 'shadow', '--plan', plan())).out).toContain(
      'version 2: shadow 75% / live 25%',
    );
    expect((await run('flags', 'set', 'products', 'live', '--percent', '40', '--plan', plan())).out).toContain('version 3: shadow 60% / live 40%');
    expect(flagsFile().flags['strangler-route-products']!.fallthrough).toEqual({
      rollout: {
        contextKind: 'user',
        variations: [
          { variation: 2, weight: 60_000 },
          { variation: 3, weight: 40_000 },
        ],
      },
    });
  });

  it('a rollout without --rest starts from the route’s plan stage', async () => {
    expect((await run('flags', 'set', 'orders', 'live', '--percent', '10', '--plan', plan())).out).toContain('shadow 90% / live 10%');
  });

  it.each([
    [['flags', 'set', 'products', 'on'], 2, 'STAGE must be one of'],
    [['flags', 'set', 'products'], 2, 'expected ROUTE and STAGE'],
    [['flags', 'set', 'products', 'live', '--percent', '101'], 2, '--percent must be a number from 0 to 100'],
    [['flags', 'set', 'products', 'live', '--percent', '1.2345'], 2, 'at most 3 decimals'],
    [['flags', 'set', 'products', 'live', '--rest', 'off'], 2, '--rest needs --percent'],
    [['flags', 'set', 'products', 'live', '--percent', '5', '--rest', 'nope'], 2, '--rest must be one of'],
    [['flags', 'set', 'cart', 'live'], 1, 'STRANGLER_FLAGS_UNKNOWN_ROUTE'],
  ])('%j exits %i: %s', async (args, code, message) => {
    const r = await run(...args, '--plan', plan());
    expect(r.code).toBe(code);
    expect(r.err).toContain(message);
    expect(flagsFile().flags['strangler-route-products']!.version).toBe(1);
  });

  it('needs --plan', async () => {
    expect(await run('flags', 'set', 'products', 'live')).toMatchObject({ code: 2, err: expect.stringContaining('--plan FILE is required') });
  });

  it('refuses a plan whose flags do not come from a file', async () => {
    writeFileSync(plan(), readFileSync(plan(), 'utf8').replace(/flags:\n( {2}.*\n)+/, 'flags: { source: launchdarkly }\n'));
    const r = await run('flags', 'set', 'products', 'live', '--plan', plan());
    expect(r.code).toBe(1);
    expect(r.err).toContain('STRANGLER_FLAGS_NOT_FILE_SOURCE');
  });

  it('refuses to overwrite a corrupt flags file', async () => {
    writeFileSync(files.path('flags.json'), '{ "flags": ');
    const r = await run('flags', 'set', 'products', 'live', '--plan', plan());
    expect(r.code).toBe(1);
    expect(r.err).toContain('STRANGLER_FLAGS_FILE_INVALID');
    expect(readFileSync(files.path('flags.json'), 'utf8')).toBe('{ "flags": ');
  });
});

describe('strangler flags show', () => {
  it('prints every route’s flag, what it serves and its default', async () => {
    await run('flags', 'set', 'products', 'live', '--percent', '20', '--rest', 'shadow', '--plan', plan());
    const r = await run('flags', 'show', '--plan', plan());
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      `flags: file ${files.path('flags.json')}`,
      'ROUTE     FLAG                      VERSION  STAGE                  DEFAULT',
      'products  strangler-route-products  2        shadow 80% / live 20%  off',
      'orders    strangler-route-orders    -        (no flag: default)     shadow',
      '',
    ]);
  });

  it('--json gives the same as data', async () => {
    const r = await run('flags', 'show', '--plan', plan(), '--json');
    expect(JSON.parse(r.out)).toMatchObject({
      source: 'file',
      fileExists: true,
      routes: [
        { route: 'products', flag: 'strangler-route-products', version: 1, stage: 'shadow', default: 'off', rollout: [{ stage: 'shadow', percent: 100 }] },
        { route: 'orders', flag: 'strangler-route-orders', version: null, stage: '(no flag: default)', default: 'shadow', rollout: null },
      ],
    });
  });

  it('says when the file does not exist yet', async () => {
    rmSync(files.path('flags.json'));
    expect((await run('flags', 'show', '--plan', plan())).out).toContain('(not found: every route uses its default stage)');
  });
});
