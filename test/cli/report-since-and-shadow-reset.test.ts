import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlanProxy, loadPlanFile, type Proxy } from '../../proxy/index.js';
import { ShadowStore } from '../../proxy/shadow/store/index.js';
import { logSink } from '../helpers/index.js';
import { run } from './commands/shadow-cli-helpers.js';
import { record, tempDir } from '../proxy/shadow/store/helpers.js';

const HOUR = 3_600_000;

/**
 * Issue 16 item 12: shadow statistics need a window and a reset, so gates can be judged again once a route's
 * compare rules are fixed: `strangler report --since 1h`, `strangler promote --since`, `strangler shadow reset`.
 */
describe('strangler report --since and strangler shadow reset', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanups.splice(0).reverse()) await f();
  });

  /** A plan with a file flag source, gates for live (10 samples, 90 %), and its store at results.sqlite. */
  function setup(): { dir: string; plan: string; storePath: string } {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const plan = join(t.dir, 'plan.yaml');
    writeFileSync(
      plan,
      `monolith: { url: "http://127.0.0.1:9" }
listen: { host: 127.0.0.1, port: 0 }
admin: { host: 127.0.0.1, port: 0 }
flags: { source: file }
shadow:
  store: { path: results.sqlite, flushIntervalMs: 50 }
  gates:
    live: { minSamples: 10, minMatchRate: 0.9 }
routes:
  - { id: products, match: { path: /products }, function: { name: products }, stage: shadow }
  - { id: cart, match: { path: /cart }, function: { name: cart }, stage: shadow }
`,
    );
    return { dir: t.dir, plan, storePath: join(t.dir, 'results.sqlite') };
  }

  /** `matched` equal and `mismatched` different comparisons for `route`, recorded at `at`. */
  function seed(path: string, route: string, matched: number, mismatched: number, at = Date.now()): void {
    const store = ShadowStore.open(path, { maxSamples: 10, retentionDays: 14, flushIntervalMs: 0 });
    for (let i = 0; i < matched; i++) store.recordComparison(record(route, { price: 10 }, { price: 10 }, { at }));
    for (let i = 0; i < mismatched; i++) store.recordComparison(record(route, { price: 10 }, { price: 11 }, { at }));
    store.close();
  }

  const reportJson = async (args: string[]) => {
    const r = await run(['report', '--json', ...args]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.out) as { routes: Array<{ route: string; compared: number; matched: number; events: Array<{ kind: string; message: string }> }> };
  };

  it('report --since 1h counts only the last hour; promote --since judges the gates over that window', async () => {
    // Prepare: three hours ago 20 mismatches (a compare rule since fixed); now 20 matches.
    const { plan, storePath } = setup();
    seed(storePath, 'products', 0, 20, Date.now() - 3 * HOUR);
    seed(storePath, 'products', 20, 0);

    // Act + assert: all of it without a window, only the recent results with one.
    const all = await reportJson(['--plan', plan, '--route', 'products']);
    expect(all.routes[0]).toMatchObject({ route: 'products', compared: 40, matched: 20 });
    const recent = await reportJson(['--plan', plan, '--route', 'products', '--since', '1h']);
    expect(recent.routes[0]).toMatchObject({ route: 'products', compared: 20, matched: 20 });
    expect((await reportJson(['--plan', plan, '--route', 'products', '--since', '4h'])).routes[0]).toMatchObject({ compared: 40 });

    // The gates: failing over everything, passing over the last hour.
    const refused = await run(['promote', 'products', '--to', 'live', '--plan', plan]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('match rate 50.00%; the gate needs at least 90.00% (minMatchRate)');
    const promoted = await run(['promote', 'products', '--to', 'live', '--since', '1h', '--plan', plan]);
    expect(promoted.err).toBe('');
    expect(promoted.code).toBe(0);
    expect(promoted.out).toContain('products: gates for live pass');
  });

  it.each(['1', '1w', '-1h', '0m', 'h', '1.5h', ''])('report --since %j is STRANGLER_SHADOW_BAD_QUERY naming --since', async (value) => {
    const { plan } = setup();
    const r = await run(['report', '--plan', plan, `--since=${value}`]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `strangler report: STRANGLER_SHADOW_BAD_QUERY: --since must be a duration: a whole number with s, m, h or d, e.g. 90s, 30m, 1h, 7d (got "${value}")\n`,
    );
  });

  it('shadow reset forgets one route on the running proxy (audit-logged), and the gates judge what follows', async () => {
    // Prepare: bad results for products, some for cart; a running proxy on that store.
    const { dir, plan, storePath } = setup();
    seed(storePath, 'products', 2, 18);
    seed(storePath, 'cart', 5, 0);
    const logs = logSink();
    const proxy: Proxy = await createPlanProxy(loadPlanFile(plan), { logDestination: logs.stream });
    cleanups.push(() => proxy.close());
    const { adminUrl } = await proxy.listen();

    // Act
    const reset = await run(['shadow', 'reset', 'products', '--reason', 'ignore rule for price fixed', '--plan', plan, '--admin', adminUrl]);

    // Assert: the CLI's answer, the proxy's audit line, the CLI's audit file, the report.
    expect(reset.err).toBe('');
    expect(reset.code).toBe(0);
    expect(reset.out).toContain(`products: shadow results reset on ${adminUrl} (20 comparisons discarded)`);
    expect(await logs.waitFor((l) => l.event === 'shadow_reset')).toMatchObject({
      component: 'shadow',
      route: 'products',
      reason: 'ignore rule for price fixed',
      discarded: { compared: 20 },
    });
    const audit = readFileSync(join(dir, '.strangler', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit).toEqual([expect.objectContaining({ event: 'shadow-reset', route: 'products', discarded: 20, reason: 'ignore rule for price fixed' })]);
    const after = await reportJson(['--plan', plan]);
    expect(after.routes.find((r) => r.route === 'products')).toMatchObject({ compared: 0 });
    expect(after.routes.find((r) => r.route === 'products')!.events).toEqual([
      expect.objectContaining({ kind: 'reset', message: 'shadow results reset: ignore rule for price fixed' }),
    ]);
    expect(after.routes.find((r) => r.route === 'cart')).toMatchObject({ compared: 5 });
    // The admin report agrees.
    expect((await reportJson(['--plan', plan, '--admin', adminUrl, '--route', 'products'])).routes[0]).toMatchObject({ compared: 0 });

    // New, good results after the fix: the gates pass on them alone.
    expect((await run(['promote', 'products', '--to', 'live', '--plan', plan])).code).toBe(1);
    seed(storePath, 'products', 12, 0);
    const promoted = await run(['promote', 'products', '--to', 'live', '--plan', plan]);
    expect(promoted.err).toBe('');
    expect(promoted.out).toContain('products: gates for live pass');
  });

  it('shadow reset of an unknown route is STRANGLER_SHADOW_UNKNOWN_ROUTE with a did-you-mean, and changes nothing', async () => {
    const { plan, storePath } = setup();
    seed(storePath, 'products', 3, 0);
    const proxy = await createPlanProxy(loadPlanFile(plan), { logDestination: logSink().stream });
    cleanups.push(() => proxy.close());
    const { adminUrl } = await proxy.listen();

    const r = await run(['shadow', 'reset', 'prodcts', '--admin', adminUrl]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'strangler shadow reset: STRANGLER_SHADOW_UNKNOWN_ROUTE: no route "prodcts" in the plan or the shadow store; did you mean "products"?\n',
    );
    // The admin API itself answers 404 with the documented error shape.
    const res = await fetch(`${adminUrl}/shadow/routes/nope/reset`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: expect.objectContaining({ code: 'STRANGLER_SHADOW_UNKNOWN_ROUTE', message: expect.stringContaining('(routes: products, cart)') }),
    });
    expect((await reportJson(['--plan', plan, '--route', 'products'])).routes[0]).toMatchObject({ compared: 3 });
  });

  it('shadow reset needs exactly one ROUTE and an admin address', async () => {
    expect(await run(['shadow', 'reset'])).toMatchObject({ code: 2, err: expect.stringContaining('expected exactly one ROUTE') });
    expect(await run(['shadow', 'reset', 'products'])).toMatchObject({ code: 2, err: expect.stringContaining('give --plan FILE or --admin URL') });
  });
});
