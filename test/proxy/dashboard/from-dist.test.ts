import { afterEach, describe, expect, it } from 'vitest';
import { spawnCli, startUpstream, tempDir, type CliProcess, type TempDir, type Upstream } from '../../helpers/index.js';

/** The page ships inside the compiled code: `strangler proxy` from dist/ serves it (tsc copies no .html/.css/.js). */
describe('dashboard from the built CLI', () => {
  let cli: CliProcess | undefined;
  let mono: Upstream | undefined;
  let dir: TempDir | undefined;
  afterEach(async () => {
    await cli?.stop();
    await mono?.close();
    dir?.remove();
  });

  it('strangler proxy serves GET / and /stats on its admin listener', async () => {
    mono = await startUpstream((_req, res) => res.end('ok'));
    dir = tempDir('strangler-dashboard-dist-');
    const plan = dir.writePlan('plan.yaml', {
      monolith: { url: mono.url },
      listen: { host: '127.0.0.1', port: 0 },
      admin: { host: '127.0.0.1', port: 0 },
      shadow: { store: { path: ':memory:' } },
      routes: [{ id: 'products', match: { path: '/products' }, function: { name: 'products' } }],
    });
    cli = spawnCli(['proxy', '--plan', plan]);
    const [, url] = await cli.waitForOutput(/strangler proxy\s+(\S+)/, 30_000);
    const [, adminUrl] = await cli.waitForOutput(/admin API\s+(\S+)/, 30_000);
    await (await fetch(`${url}/products`)).text();

    const page = await fetch(`${adminUrl}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>strangler · migration dashboard</title>');
    expect(html).toMatch(/<script>[\s\S]*sessionStorage[\s\S]*<\/script>/);
    const stats = (await (await fetch(`${adminUrl}/stats`)).json()) as { routes: Array<{ route: string; requests: number }> };
    expect(stats.routes.find((r) => r.route === 'products')?.requests).toBe(1);
  });
});
