import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_INSTALL_TIMEOUT_MS, openBrowserPage, type BrowserPage } from '../../helpers/chromium.js';
import { sendTraffic, startDashboardProxy, TOKEN, type DashboardProxy } from './fixture.js';

/**
 * The dashboard's Migration map (GET /traffic) in headless Chromium, against a running proxy with routed and
 * unmatched traffic: what the page shows is what the admin API answers.
 */
describe('the Migration map in headless Chromium', () => {
  let p: DashboardProxy;
  let browser: BrowserPage;
  let page: Page;

  beforeAll(async () => {
    p = await startDashboardProxy();
    await sendTraffic(p, { products: 8, cart: 3, boom: 1 });
    // Unmatched: two templates, one with identifiers in the path.
    for (const id of [101, 202, 303]) await (await fetch(new URL(`/users/${id}/orders?page=2`, p.url))).arrayBuffer();
    await (await fetch(new URL('/health', p.url))).arrayBuffer();
    browser = await openBrowserPage();
    page = browser.page;
  }, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  it('after the token, shows the share served by functions, routes by stage and the unmatched inventory of /traffic', async () => {
    await page.goto(p.adminUrl);
    await page.locator('#login').waitFor({ state: 'visible' });
    // Before the token nothing of the inventory is on the page.
    expect(await page.locator('#migration-map').isHidden()).toBe(true);
    await page.fill('#token', TOKEN);
    await page.click('#login button');
    await page.locator('#unmatched tr[data-template]').first().waitFor();

    const traffic = await p.admin('/traffic?since=24h');
    expect(traffic.requests).toBe(16);
    expect(await page.locator('#migration-map [data-k=share]').textContent()).toBe(`0.0% of 16 requests served by functions over the last 24h`);
    // One bar per minute with traffic (all monolith here).
    expect(await page.locator('#migration-map svg.share-chart rect').count()).toBe(traffic.minutes.length);

    const stages = await page
      .locator('#migration-map ul.stages li')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-stage'), e.querySelector('[data-k=count]')!.textContent!.trim()]));
    expect(stages).toEqual([
      ['off', '2'],
      ['shadow', '1'],
    ]);

    const rows = await page
      .locator('#unmatched tbody tr')
      .evaluateAll((els) => els.map((e) => Array.from((e as any).querySelectorAll('td') as ArrayLike<{ textContent: string }>, (td) => td.textContent)));
    expect(rows).toEqual(
      traffic.unmatched.templates.map((t: any) => [
        t.template,
        String(t.requests),
        `${(t.share * 100).toFixed(1)}%`,
        `${t.status['2xx']} / ${t.status['3xx']} / ${t.status['4xx']} / ${t.status['5xx']}`,
        `${t.p50Ms} / ${t.p99Ms}`,
      ]),
    );
    expect(rows.map((r) => r[0])).toEqual(['GET /users/:param/orders', 'GET /health']);
    expect(rows[0]![1]).toBe('3');
    // Never a raw path or query on the page.
    expect(await page.locator('#migration-map').textContent()).not.toMatch(/\/users\/101|page=2/);
    expect(browser.errors).toEqual([]);
  });
});
