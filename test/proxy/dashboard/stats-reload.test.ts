import { afterEach, describe, expect, it } from 'vitest';
import { createPlanProxy, type Proxy } from '../../../proxy/index.js';
import { loaded, logSink, route, startUpstream, testPlan, type Upstream } from '../../helpers/index.js';

describe('/stats follows the plan serving now', () => {
  let mono: Upstream | undefined;
  let proxy: Proxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    await mono?.close();
  });

  it('lists routes in plan order after a reload; a removed route with traffic stays until it ages out', async () => {
    mono = await startUpstream((_req, res) => res.end('ok'));
    const plan = (ids: string[]) =>
      testPlan({ monolith: { url: mono!.url }, shadow: { store: { path: ':memory:' } }, routes: ids.map((id) => route(id, `/${id}`)) });
    proxy = await createPlanProxy(loaded(plan(['a', 'b'])), { logDestination: logSink().stream });
    const { url, adminUrl } = await proxy.listen();
    await (await fetch(`${url}/a`)).text();
    await (await fetch(`${url}/nowhere`)).text();
    const ids = async () =>
      ((await (await fetch(`${adminUrl}/stats`)).json()) as { routes: Array<{ route: string; requests: number }> }).routes.map(
        (r) => `${r.route}:${r.requests}`,
      );
    expect(await ids()).toEqual(['a:1', 'b:0', '(unmatched):1']);
    proxy.reload(loaded(plan(['c', 'b'])));
    expect(await ids()).toEqual(['c:0', 'b:0', '(unmatched):1', 'a:1']);
  });
});
