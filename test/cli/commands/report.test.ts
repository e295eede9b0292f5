import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../proxy/shadow/store/helpers.js';
import { run, seed, writePlan } from './shadow-cli-helpers.js';

describe('strangler report', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((f) => f()));
  const setup = () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const plan = writePlan(t.dir);
    seed(t.dir, 'products', 38, 2);
    seed(t.dir, 'cart', 5, 5);
    return { dir: t.dir, plan };
  };

  it('prints a table per route: match rate, top fields, one example diff, next gate', async () => {
    const { plan } = setup();
    const r = await run(['report', '--plan', plan]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.find((l) => l.startsWith('ROUTE'))).toMatch(/ROUTE\s+STAGE\s+COMPARED\s+MATCH\s+MISMATCHED\s+SHADOW ERRORS\s+SKIPPED/);
    expect(lines.find((l) => l.startsWith('products '))).toMatch(/^products\s+shadow\s+40\s+95\.00%\s+2\s+0\s+0\s+.*live: pass$/);
    expect(lines.find((l) => l.startsWith('cart '))).toMatch(/^cart\s+shadow\s+10\s+50\.00%\s+5\s+.*live: FAIL$/);
    expect(r.out).toContain('  top differing fields');
    expect(r.out).toMatch(/\$\.price\s+2\n/);
    expect(r.out).toMatch(/\$\.items\[\*\]\s+2\n/);
    expect(r.out).toMatch(/example: GET \/products\/1 \(request req-1, .*, served by monolith\)/);
    expect(r.out).toContain('    $.items[3]: monolith 4, lambda 5');
    expect(r.out).toContain('  gate to live: FAIL\n    - match rate 50.00%; the gate needs at least 90.00% (minMatchRate)');
  });

  it('--json gives the report document; --route narrows it', async () => {
    const { plan } = setup();
    const r = await run(['report', '--plan', plan, '--route', 'products', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.routes).toHaveLength(1);
    expect(doc.routes[0]).toMatchObject({
      route: 'products',
      inPlan: true,
      stage: 'shadow',
      compared: 40,
      matched: 38,
      mismatched: 2,
      matchRate: 0.95,
      shadowErrors: 0,
      fields: [
        { field: '$.items[*]', count: 2 },
        { field: '$.price', count: 2 },
      ],
      gate: { stage: 'live', pass: true },
    });
    expect(doc.routes[0].example.diffs).toEqual([
      { path: '$.price', field: '$.price', kind: 'changed', monolith: 10, lambda: 11 },
      { path: '$.items[3]', field: '$.items[*]', kind: 'changed', monolith: 4, lambda: 5 },
    ]);
    expect(doc.routes[0].latency.monolith).toMatchObject({ count: 40 });
  });

  it.each([
    [['--fail-under', '0.9'], 1, /FAIL cart: match rate 50\.00% is below --fail-under 90\.00% \(5 of 10 mismatched\)/],
    [['--fail-under', '0.5'], 0, null],
    [['--fail-under', '0.9', '--route', 'products'], 0, null],
    [['--fail-under', '0.5', '--min-samples', '20'], 1, /FAIL cart: 10 comparisons, fewer than --min-samples 20/],
  ])('%j → exit %i', async (extra, code, message) => {
    const { plan } = setup();
    const r = await run(['report', '--plan', plan, ...(extra as string[])]);
    expect(r.code).toBe(code);
    if (message) expect(r.err).toMatch(message as RegExp);
    else expect(r.err).toBe('');
  });

  it('bad input: usage errors exit 2, an unknown route and a missing store exit 1 with a code', async () => {
    const { plan, dir } = setup();
    expect((await run(['report', '--plan', plan, '--fail-under', '99'])).code).toBe(2);
    expect((await run(['report'])).code).toBe(2);
    const unknown = await run(['report', '--plan', plan, '--route', 'nope']);
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.err).toContain('STRANGLER_SHADOW_UNKNOWN_ROUTE');
    const missing = await run(['report', '--plan', plan, '--store', `${dir}/none.sqlite`]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('STRANGLER_SHADOW_STORE_MISSING');
  });

  it("sums several replicas' stores", async () => {
    const { plan, dir } = setup();
    seed(dir, 'products', 10, 0, `${dir}/replica2.sqlite`);
    const r = await run([
      'report',
      '--plan',
      plan,
      '--json',
      '--route',
      'products',
      '--store',
      `${dir}/.strangler/shadow-8080.sqlite`,
      '--store',
      `${dir}/replica2.sqlite`,
    ]);
    expect(JSON.parse(r.out).routes[0]).toMatchObject({ compared: 50, matched: 48 });
  });
});
