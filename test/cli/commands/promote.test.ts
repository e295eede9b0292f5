import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ShadowStore } from '../../../proxy/shadow/store/index.js';
import { tempDir } from '../../proxy/shadow/store/helpers.js';
import { run, seed, writePlan } from './shadow-cli-helpers.js';

describe('strangler promote', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((f) => f()));
  const setup = (flags = 'flags:\n  source: file\n') => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    // `flags:` goes at the top level: prepend it.
    const plan = writePlan(t.dir);
    const text = readFileSync(plan, 'utf8');
    writeFileSync(plan, `${flags}${text}`);
    return { dir: t.dir, plan };
  };

  it('refuses with the failing reasons, then promotes once the results pass (file flags)', async () => {
    // prepare: 5 comparisons, 3 matching — under both gates (minSamples 10, minMatchRate 0.9)
    const { dir, plan } = setup();
    seed(dir, 'products', 3, 2);

    // act + assert: refused, nothing written
    const refused = await run(['promote', 'products', '--to', 'live', '--plan', plan]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('STRANGLER_PROMOTE_GATES_FAILED: products cannot enter live (now shadow):');
    expect(refused.err).toContain('  - 5 comparisons; the gate needs at least 10 (minSamples)');
    expect(refused.err).toContain('  - match rate 60.00%; the gate needs at least 90.00% (minMatchRate)');
    expect(existsSync(join(dir, 'flags.json'))).toBe(false);

    // prepare: more good results
    seed(dir, 'products', 60, 0);

    // act + assert: accepted, flag written as a 10 % rollout of live over shadow
    const ok = await run(['promote', 'products', '--to', 'live', '--percent', '10', '--plan', plan]);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('products: gates for live pass (minSamples, minMatchRate, maxShadowErrorRate)');
    const flags = JSON.parse(readFileSync(join(dir, 'flags.json'), 'utf8'));
    const flag = flags.flags['strangler-route-products'];
    expect(flag.fallthrough.rollout.variations.map((v: { variation: number; weight: number }) => [flag.variations[v.variation], v.weight])).toEqual([
      ['shadow', 90000],
      ['live', 10000],
    ]);
    const audit = readFileSync(join(dir, '.strangler', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit).toEqual([expect.objectContaining({ event: 'promote', route: 'products', from: 'shadow', to: 'live', percent: 10, gate: 'pass' })]);
  });

  it('--force overrides failing gates and is audit-logged (file, stderr, store)', async () => {
    const { dir, plan } = setup();
    seed(dir, 'products', 1, 1);
    const r = await run(['promote', 'products', '--to', 'live', '--force', '--reason', 'reviewed by hand', '--plan', plan]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('FORCED: products enters live although its gates fail:');
    const [entry] = readFileSync(join(dir, '.strangler', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entry).toMatchObject({ event: 'promote-forced', route: 'products', to: 'live', reason: 'reviewed by hand', gate: 'fail' });
    expect(entry.failedChecks).toHaveLength(2);
    const store = ShadowStore.open(join(dir, '.strangler', 'shadow-8080.sqlite'), { maxSamples: 1, retentionDays: 14, flushIntervalMs: 0 });
    expect(store.stats('products')[0]!.events).toMatchObject([{ kind: 'promote-forced', message: expect.stringMatching(/^FORCED promotion to live by /) }]);
    store.close();
    const flags = JSON.parse(readFileSync(join(dir, 'flags.json'), 'utf8'));
    expect(flags.flags['strangler-route-products'].variations[flags.flags['strangler-route-products'].fallthrough.variation]).toBe('live');
  });

  it('moving back is never gated', async () => {
    const { plan } = setup();
    const r = await run(['promote', 'products', '--to', 'off', '--plan', plan]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('products: off is not gated from shadow');
  });

  it('LaunchDarkly: prints the exact change', async () => {
    const { dir, plan } = setup('flags:\n  source: launchdarkly\n');
    seed(dir, 'products', 20, 0);
    const r = await run(['promote', 'products', '--to', 'live', '--percent', '25', '--plan', plan]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('flag strangler-route-products (a migration flag: variations off, dualwrite, shadow, live, rampdown, complete)');
    expect(r.out).toContain('default rule ("fallthrough"): serve a percentage rollout: live 25%, shadow 75% (by user)');
    expect(r.out).toContain('"fallthrough": {"rollout":{"contextKind":"user","variations":[{"variation":2,"weight":75000},{"variation":3,"weight":25000}]}}');
  });

  it('static flags: prints the plan change; a percentage is not possible', async () => {
    const { dir, plan } = setup('');
    seed(dir, 'products', 20, 0);
    const r = await run(['promote', 'products', '--to', 'live', '--plan', plan]);
    expect(r.out).toContain(`flags.source is static: set routes[0].stage to live in ${plan}`);
    const p = await run(['promote', 'products', '--to', 'live', '--percent', '5', '--plan', plan]);
    expect(p.code).toBe(1);
    expect(p.err).toContain('STRANGLER_PROMOTE_UNSUPPORTED');
  });

  it('bad input', async () => {
    const { plan } = setup();
    expect((await run(['promote', 'products', '--plan', plan])).code).toBe(2);
    expect((await run(['promote', 'products', '--to', 'everywhere', '--plan', plan])).code).toBe(2);
    expect((await run(['promote', 'products', '--to', 'live', '--percent', '150', '--plan', plan])).code).toBe(2);
    const unknown = await run(['promote', 'nope', '--to', 'live', '--plan', plan]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('STRANGLER_SHADOW_UNKNOWN_ROUTE');
  });
});
