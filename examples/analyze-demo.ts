#!/usr/bin/env node
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { main } from '../cli/main.js';
import { createLogger } from '../proxy/logging/index.js';
import { SHOP_PLAN, startDemo } from './demo.js';

/**
 * `npm run example:analyze`: the example shop behind the proxy as `npm start` runs it, a scripted traffic mix, then
 * `strangler analyze` on the proxy's request log. The mix: catalog reads heavy and steady (8 a second), checkout in
 * spikes (bursts of carts and checkouts), shipping low, product images (binary), and unmatched paths with ids.
 *
 * Environment:
 *   ANALYZE_DEMO_MINUTES  how long traffic runs (default 3; the load-shape rule needs 3 minutes)
 *   ANALYZE_DEMO_LOG      where the proxy's request log goes (default: a new temporary folder)
 *   ANALYZE_DEMO_NO_WAIT  set to 1 to start at once instead of at the next whole minute
 */

const minutes = Number(process.env.ANALYZE_DEMO_MINUTES ?? '3');
if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
  process.stderr.write(`analyze demo: ANALYZE_DEMO_MINUTES must be a whole number from 1 to 60 (got "${process.env.ANALYZE_DEMO_MINUTES}")\n`);
  process.exit(2);
}
const logFile = process.env.ANALYZE_DEMO_LOG || join(mkdtempSync(join(tmpdir(), 'strangler-analyze-demo-')), 'proxy.log');
/** The shop's Express app, compiled beside this file: `--app` reads its routers. */
const SHOP_APP = `${fileURLToPath(new URL('./shop/app.js', import.meta.url))}#createShopApp`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function run(): Promise<void> {
  // A synchronous destination: every request line is on disk when analyze reads the file.
  const logger = createLogger({ level: 'info', destination: pino.destination({ dest: logFile, sync: true, mkdir: true }) });
  const demo = await startDemo({ ports: { shop: 0, lambda: 0, proxy: 0, admin: 0 }, logger });
  const base = demo.proxyUrl;
  let sent = 0;
  const get = async (path: string, headers: Record<string, string> = {}): Promise<Response> => {
    sent++;
    const res = await fetch(`${base}${path}`, { headers });
    await res.arrayBuffer();
    return res;
  };
  const post = async (path: string, body: unknown, cookie?: string): Promise<Response> => {
    sent++;
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res;
  };
  /** A cart with one product, checked out; returns the order id and the cart cookie. */
  const checkout = async (n: number): Promise<{ orderId: string; cookie: string } | undefined> => {
    const added = await post('/cart/items', { productId: 1 + (n % 40), quantity: 1 + (n % 3) });
    const cookie = (added.headers.get('set-cookie') ?? '').split(';')[0]!;
    const res = await fetch(`${base}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ email: `buyer${n}@example.com` }),
    });
    sent++;
    const order = (await res.json()) as { id?: string };
    return order.id === undefined ? undefined : { orderId: order.id, cookie };
  };

  try {
    if (process.env.ANALYZE_DEMO_NO_WAIT !== '1') {
      // The inventory counts whole minutes: starting on one keeps the first and last minutes from looking quiet.
      const wait = 60_000 - (Date.now() % 60_000);
      process.stderr.write(`analyze demo: shop and proxy up (${base}); traffic starts at the next whole minute, in ${Math.ceil(wait / 1000)} s\n`);
      await sleep(wait);
    }
    process.stderr.write(`analyze demo: sending the traffic mix for ${minutes} minute(s); the proxy logs to ${logFile}\n`);
    const orders: Array<{ orderId: string; cookie: string }> = [];
    const started = Date.now();
    let n = 0;
    for (let second = 0; second < minutes * 60; second++) {
      const tick = started + second * 1000;
      const batch: Array<Promise<unknown>> = [];
      // Catalog: heavy and steady, 8 reads a second.
      batch.push(
        get(`/products?page=${1 + (second % 5)}&pageSize=20`),
        get(`/products/${1 + (second % 50)}`),
        get(`/products/${1 + ((second * 7) % 50)}`),
        get('/categories'),
      );
      batch.push(
        get(`/products/search?q=${['wooden', 'lamp', 'book', 'toy'][second % 4]}`),
        get(`/products/${1 + ((second * 3) % 50)}`),
        get(`/products/${1 + ((second * 11) % 50)}`),
        get(`/products/${1 + (second % 37)}/image`),
      );
      // Checkout: spiky, a burst of 40 carts and checkouts every three minutes (at 1:30 in a 3-minute run).
      if (second % 180 === 90) for (let i = 0; i < 40; i++) batch.push(checkout(n++).then((o) => o && orders.push(o)));
      // Shipping: low, one status read every 20 s once there are orders.
      if (second % 20 === 0 && orders.length > 0) {
        const o = orders[second % orders.length]!;
        batch.push(get(`/shipping/${o.orderId}`, { cookie: o.cookie }));
      }
      // Paths the plan does not name, with ids in them: they show up as inferred templates.
      if (second % 4 === 0) batch.push(get(`/api/v2/users/${10_000 + second}/preferences`), get(`/legacy/orders/${crypto.randomUUID()}`));
      await Promise.all(batch);
      await sleep(Math.max(0, tick + 1000 - Date.now()));
    }
    process.stderr.write(
      `analyze demo: ${sent} requests sent; running strangler analyze --log ${logFile} --plan migration-plans/shop.yaml --app ${SHOP_APP}\n\n`,
    );
  } finally {
    await demo.close();
    logger.flush();
  }
  const code = await main(['analyze', '--log', logFile, '--plan', SHOP_PLAN, '--app', SHOP_APP], {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
  process.exitCode = code;
}

run().catch((err: unknown) => {
  process.stderr.write(`analyze demo: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
