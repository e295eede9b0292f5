import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlanProxy, loadPlanFile, watchPlan, type PlanWatcher, type Proxy } from '../../proxy/index.js';
import { logSink, send, startUpstream, tempDir, testPlanInput, type TempDir, type Upstream } from '../helpers/index.js';

/**
 * Issue 16 item 12: a reload that changed `shadow.store.path` was applied except for the store, which silently
 * stayed where it was while `strangler report --plan` read the new path. The reload is now rejected, coded and
 * logged, and the old generation keeps serving (the store cannot move under shadows in flight).
 */
describe('reloading a plan that moves shadow.store.path', () => {
  let mono: Upstream | undefined;
  let proxy: Proxy | undefined;
  let watcher: PlanWatcher | undefined;
  let tmp: TempDir | undefined;

  afterEach(async () => {
    watcher?.close();
    watcher = undefined;
    await proxy?.close();
    proxy = undefined;
    await mono?.close();
    mono = undefined;
    tmp?.remove();
    tmp = undefined;
  });

  const planWith = (storePath: string, routePath: string) =>
    testPlanInput({
      monolith: { url: mono!.url },
      shadow: { store: { path: storePath } },
      routes: [{ id: 'products', match: { path: routePath }, function: { name: 'products' } }],
    });

  it('is rejected with STRANGLER_SHADOW_STORE_PATH_CHANGED, logged, and the old generation keeps serving', async () => {
    // Prepare: a running proxy on store a.sqlite.
    mono = await startUpstream((req, res) => res.end(`monolith ${req.url}`));
    tmp = tempDir();
    const file = tmp.writePlan('plan.yaml', planWith('a.sqlite', '/products'));
    const logs = logSink();
    proxy = await createPlanProxy(loadPlanFile(file), { logDestination: logs.stream });
    const { url } = await proxy.listen();
    watcher = watchPlan(proxy, file, { watchFile: false, signal: false });

    // Act: the same plan with another store path and another route path.
    tmp.writePlan('plan.yaml', planWith('b.sqlite', '/items'));
    const result = watcher.reload();

    // Assert: rejected, the log line says why, generation 1 still routes /products, the store has not moved.
    expect(result).toBeUndefined();
    const line = await logs.waitFor((l) => l.event === 'plan.reload' && l.level === 50);
    expect(line).toMatchObject({ err: { code: 'STRANGLER_SHADOW_STORE_PATH_CHANGED' }, generation: 1 });
    expect(String(line.msg)).toMatch(/shadow\.store\.path changed \(.*a\.sqlite -> .*b\.sqlite\).*restart/);
    expect(proxy.generation).toBe(1);
    expect((await send(`${url}/products`)).headers['x-strangler-route']).toBe('products');
    expect((await send(`${url}/items`)).headers['x-strangler-route']).toBeUndefined();
    expect(existsSync(tmp.path('b.sqlite'))).toBe(false);
    expect(existsSync(tmp.path('a.sqlite'))).toBe(true);
    expect(await proxy.metrics.getSingleMetricAsString('strangler_plan_reloads_total')).toContain('result="failure"} 1');

    // Positive control: the same change with the old store path reloads.
    tmp.writePlan('plan.yaml', planWith('a.sqlite', '/items'));
    expect(watcher.reload()).toEqual({ generation: 2, routes: 1 });
    expect((await send(`${url}/items`)).headers['x-strangler-route']).toBe('products');
  });
});
