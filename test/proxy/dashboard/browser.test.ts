import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLatency, formatPercent } from '../../../proxy/dashboard/index.js';
import { CHROMIUM_INSTALL_TIMEOUT_MS, openBrowserPage, type BrowserPage } from '../../helpers/chromium.js';
import { sendTraffic, startDashboardProxy, TOKEN, type DashboardProxy } from './fixture.js';

const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));

/**
 * The dashboard in a real browser: headless Chromium (Debian's package, installed by ensureChromium when
 * missing) driven by playwright-core, against a running proxy with traffic and shadow results.
 */
describe('dashboard in headless Chromium', () => {
  let p: DashboardProxy;
  let browser: BrowserPage;
  let page: Page;

  beforeAll(async () => {
    p = await startDashboardProxy();
    await sendTraffic(p, { products: 20, cart: 6, boom: 2 });
    browser = await openBrowserPage();
    page = browser.page;
  }, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  const cell = (route: string, col: string) => page.locator(`#overview tr[data-route="${route}"] td[data-col="${col}"]`);

  it('asks for the admin token once, then shows every route with the numbers of /routes, /stats and /shadow/report', async () => {
    await page.goto(p.adminUrl);
    await page.locator('#login').waitFor({ state: 'visible' });
    await page.fill('#token', TOKEN);
    await page.click('#login button');
    await page.locator('#overview tr[data-route="boom"]').waitFor();

    const routes = await p.admin('/routes');
    const stats = await p.admin('/stats');
    const report = await p.admin('/shadow/report?samples=0');
    expect(await page.locator('#overview tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-route')))).toEqual(['products', 'cart', 'boom']);
    for (const [i, row] of (routes.routes as Array<Record<string, any>>).entries()) {
      const id = row.id as string;
      const s = stats.routes.find((r: { route: string }) => r.route === id);
      const sh = report.routes.find((r: { route: string }) => r.route === id);
      expect(await cell(id, 'stage').locator('[data-k=stage]').textContent()).toBe(row.stage);
      expect(await cell(id, 'stage').locator('[data-k=source]').textContent()).toBe(`source: ${row.source}`);
      expect(await cell(id, 'split').locator('[data-k=split]').textContent()).toBe(`${Math.round(s.split.monolith * 100)}/${Math.round(s.split.lambda * 100)}`);
      expect(await cell(id, 'split').locator('[data-k=requests]').textContent()).toBe(`${s.requests} req`);
      expect(await cell(id, 'match').textContent()).toBe(sh.compared > 0 ? `${formatPercent(sh.matchRate)} (${sh.compared})` : '–');
      expect(await cell(id, 'mono').textContent()).toBe(formatLatency(s.monolith));
      expect(await cell(id, 'lambda').textContent()).toBe(formatLatency(s.lambda));
      expect(await cell(id, 'fallback').textContent()).toBe(formatPercent(s.fallbackRate));
      expect(await cell(id, 'throttled').textContent()).toBe(formatPercent(s.throttleRate));
      expect(await cell(id, 'errors').textContent()).toBe(formatPercent(s.errorRate));
      const breaker = typeof row.breaker === 'string' ? row.breaker : (row.breaker?.state ?? '–');
      expect(await cell(id, 'breaker').textContent()).toBe(breaker);
      expect(await cell(id, 'cold').textContent()).toBe(formatPercent(row.lambda?.coldStartRate ?? null));
      expect(i).toBeLessThan(3);
    }
    // The numbers the issue names, spelled out for the shadowed route: 20 requests, all served by the monolith,
    // 15 of 20 comparisons matching; and the failing route's error rate.
    expect(await cell('products', 'split').locator('[data-k=split]').textContent()).toBe('100/0');
    expect(await cell('products', 'match').textContent()).toBe('75.0% (20)');
    expect(await cell('boom', 'errors').textContent()).toBe('100.0%');
    expect(await page.locator('#meta').textContent()).toBe(`plan ${p.planFile} · generation 1 · monolith ${p.mono.url}`);
  });

  it('refreshes live: new traffic shows up without reloading', async () => {
    await sendTraffic(p, { products: 0, cart: 4, boom: 0 });
    await expect.poll(() => cell('cart', 'split').locator('[data-k=requests]').textContent(), { timeout: 10_000 }).toBe('10 req');
  });

  it("clicking a route opens its mismatches as a side-by-side field diff, and its next stage's gate", async () => {
    await page.click('#overview tr[data-route="products"]');
    await page.locator('#detail .sample').first().waitFor();
    expect(page.url()).toMatch(/#route=products$/);
    const report = await p.admin('/shadow/report?route=products&samples=10');
    const r = report.routes[0];
    expect(await page.locator('#detail [data-k=summary]').textContent()).toBe(`20 compared · 15 matched · 5 mismatched · match rate 75.0% · 0 shadow errors`);
    const shown = await page.locator('#detail .sample').evaluateAll((els) => els.map((e) => e.getAttribute('data-sample')));
    expect(shown).toEqual(r.samples.map((s: { id: number }) => String(s.id)));
    expect(shown.length).toBe(5);
    for (const s of r.samples as Array<{ id: number; url: string; diffs: Array<{ path: string; monolith?: unknown; lambda?: unknown }> }>) {
      const block = page.locator(`#detail .sample[data-sample="${s.id}"]`);
      expect(await block.locator('.head code').textContent()).toBe(`GET ${s.url}`);
      for (const d of s.diffs) {
        const row = block.locator(`tr[data-path="${d.path}"] td`);
        expect(await row.allTextContents()).toEqual([d.path, JSON.stringify(d.monolith), JSON.stringify(d.lambda)]);
      }
    }
    // The one differing field of the fixture: the price, 10 on the monolith and 11 on the Lambda.
    expect(await page.locator('#detail .sample').first().locator('tr[data-path="$.price"] td').allTextContents()).toEqual(['$.price', '10', '11']);

    const gates = await p.admin('/routes/products/gates');
    expect(await page.locator('#detail [data-k=gate]').textContent()).toBe('to live: FAIL');
    const checks = await page.locator('#detail .checks li').evaluateAll((els) => els.map((e) => [e.getAttribute('data-check'), e.getAttribute('data-pass')]));
    expect(checks).toEqual(gates.gate.checks.map((c: { name: string; pass: boolean }) => [c.name, String(c.pass)]));
    expect(await page.locator('#detail .checks li[data-check=minMatchRate]').textContent()).toContain(
      'match rate 75.00%; the gate needs at least 90.00% (minMatchRate)',
    );

    mkdirSync(ARTIFACTS, { recursive: true });
    const file = `${ARTIFACTS}dashboard.png`;
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });

  it('keeps the token for the tab: a reload goes straight to the data; no script errors (CSP included)', async () => {
    await page.reload();
    await page.locator('#overview tr[data-route="products"]').waitFor();
    expect(await page.locator('#login').isHidden()).toBe(true);
    expect(browser.errors).toEqual([]);
  });
});
