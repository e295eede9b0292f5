import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPlanFile, type PlanError } from '../../../proxy/plan/index.js';
import { resolveGates, resolveShadowConfig, resolveStorePath, resolveStoreTarget } from '../../../proxy/shadow/config.js';
import { tempDir } from '../../helpers/plans.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/shadow/${name}`, import.meta.url));

describe('plan: shadow settings, merge and override', () => {
  const { plan } = loadPlanFile(fixture('valid-shadow.yaml'));
  const [products, cart] = plan.routes;

  it('a route overrides scalars and `headers`, and merges rule lists with the global defaults', () => {
    const cfg = resolveShadowConfig(plan.shadow, products!);
    expect(cfg).toMatchObject({ sampleRate: 1, unsafe: 'dry-run', timeoutMs: 2000 });
    expect(cfg.compare.headers).toEqual(['content-type', 'cache-control']);
    expect(cfg.compare.ignoreHeaders).toEqual(['etag']);
    expect(cfg.compare.ignore).toEqual(['$..requestId', '$.items[*].updatedAt']);
    expect(cfg.compare.sortArrays).toEqual([{ path: '$.tags' }, { path: '$.items', by: 'id' }]);
    expect(cfg.compare.tolerance).toEqual({ absolute: 0.01, relative: 0 });
    expect(cfg.compare.equalPatterns).toEqual([{ pattern: 'isoTimestamp' }, { pattern: 'uuid' }, { regex: '^tok_[a-z0-9]+$', paths: ['$.session'] }]);
    expect(cfg.noise).toEqual({ mode: 'learn', sampleRate: 0.1, relativeThreshold: 0.2, absoluteThreshold: 0.0003, minSamples: 20 });
    expect(cfg.redact.body).toEqual(['$..password', '$.user.email']);
    expect(cfg.redact.headers).toEqual(expect.arrayContaining(['authorization', 'cookie', 'set-cookie']));
  });

  it('a route without settings gets the defaults', () => {
    const cfg = resolveShadowConfig(plan.shadow, cart!);
    expect(cfg).toMatchObject({ sampleRate: 1, unsafe: 'skip', timeoutMs: 2000 });
    expect(cfg.compare.headers).toEqual(['content-type']);
    expect(cfg.noise.mode).toBe('off');
  });

  it('gates: route field, else global field, else built-in', () => {
    expect(resolveGates(plan.shadow, products!).live).toEqual({ minSamples: 10, minMatchRate: 0.95, maxShadowErrorRate: 0.01, maxP99LatencyRatio: 3 });
    expect(resolveGates(plan.shadow, cart!).live).toEqual({ minSamples: 10, minMatchRate: 0.9, maxShadowErrorRate: 0.01 });
    expect(resolveGates(plan.shadow, cart!).complete).toEqual({ minSamples: 100, minMatchRate: 0.99, maxShadowErrorRate: 0.01 });
    expect(resolveGates(plan.shadow, products!).rollback).toEqual({
      enabled: true,
      windowMs: 30000,
      minRequests: 20,
      maxFailureRate: 0.1,
      maxFallbackRate: 0.1,
    });
  });

  it('store path: {port}, relative to the plan, :memory: kept', () => {
    expect(resolveStorePath(plan.shadow, '/plans', 8080)).toBe(':memory:');
    const def = { ...plan.shadow, store: { ...plan.shadow.store, path: '.strangler/shadow-{port}.sqlite' } };
    expect(resolveStorePath(def, '/plans', 8080)).toBe('/plans/.strangler/shadow-8080.sqlite');
  });

  it('every mistake is reported with its line and field path', () => {
    let err: PlanError | undefined;
    try {
      loadPlanFile(fixture('invalid-shadow.yaml'));
    } catch (e) {
      err = e as PlanError;
    }
    expect(err?.code).toBe('STRANGLER_PLAN_INVALID');
    const byPath = Object.fromEntries(err!.problems.map((p) => [p.path, `${p.line}: ${p.message}`]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        'shadow.maxConcurrent',
        'shadow.defaults.unsafe',
        'routes[0].shadow.sampleRate',
        'routes[0].shadow.compare.ignore[0]',
        'routes[0].shadow.compare.equalPatterns[0]',
        'routes[0].shadow.compare.equalPatterns[1]',
        'routes[0].shadow.noise',
        'routes[0].gates.live.minMatchRate',
        'routes[0].gates.live.minSamles',
        'routes[0].gates.shadow',
      ].sort(),
    );
    expect(byPath['routes[0].shadow.compare.ignore[0]']).toMatch(/^14: .*starts with "\$"/);
    expect(byPath['shadow.defaults.unsafe']).toMatch(/^6: unknown key/);
    expect(byPath['routes[0].shadow.compare.equalPatterns[0]']).toMatch(/^15: regex: invalid regular expression/);
    expect(byPath['routes[0].shadow.noise']).toMatch(/^16: mode: Invalid option/);
  });

  it('store kind: postgres needs a postgres:// url (located); a url without kind: postgres is refused', () => {
    const dir = tempDir('strangler-store-kind-');
    try {
      const plan = (store: string) => dir.writePlan(`p${Math.random()}.yaml`, `monolith: { url: "http://127.0.0.1:9" }\nshadow:\n  store: ${store}\n`);
      const problems = (file: string) => {
        try {
          loadPlanFile(file);
        } catch (e) {
          return (e as PlanError).problems.map((p) => `${p.path}@${p.line}: ${p.message}`);
        }
        return [];
      };
      expect(problems(plan('{ kind: postgres }'))).toEqual([expect.stringMatching(/^shadow\.store\.url@3: kind: postgres needs url/)]);
      expect(problems(plan('{ kind: postgres, url: "mysql://x" }'))).toEqual([expect.stringMatching(/^shadow\.store\.url@3: url must be a postgres:\/\//)]);
      expect(problems(plan('{ url: "postgres://x/db" }'))).toEqual([expect.stringMatching(/^shadow\.store\.kind@3: url is for kind: postgres/)]);
      const ok = loadPlanFile(plan('{ kind: postgres, url: "postgres://u:p@db:5432/shop" }'));
      expect(resolveStoreTarget(ok.plan.shadow, ok.dir, 8080)).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/shop' });
    } finally {
      dir.remove();
    }
  });
});
