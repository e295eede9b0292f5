import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPlanProxy, type Proxy } from '../../../proxy/index.js';
import { loadPlanFile } from '../../../proxy/plan/index.js';
import type { ShadowCall } from '../../../proxy/shadow/index.js';
import { logSink, startUpstream, tempDir, waitFor, type TempDir, type Upstream } from '../../helpers/index.js';

export const TOKEN = 'dash-secret-token';
export const TOKEN_ENV = 'STRANGLER_TEST_DASHBOARD_TOKEN';

export interface DashboardProxy {
  proxy: Proxy;
  url: string;
  adminUrl: string;
  planFile: string;
  mono: Upstream;
  /** GETs an admin path with the token and returns the parsed JSON. */
  admin<T = any>(path: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * A running proxy (createPlanProxy, ports 0) with a plan file on disk, a monolith, and the Lambda side of the
 * `shadow` stage played by a function that answers like the monolith except for every 4th product (price + 1):
 * - products  GET /products/:id  stage shadow  (monolith serves, Lambda shadowed: comparisons, mismatches)
 * - cart      /cart              stage off
 * - boom      /boom              stage off     (the monolith answers 500)
 * Gate for live: at least 10 comparisons and 90 % matching.
 */
export async function startDashboardProxy(options: { token?: boolean } = {}): Promise<DashboardProxy & { dir: TempDir }> {
  const useToken = options.token ?? true;
  const mono = await startUpstream((req, res) => {
    req.resume();
    if (req.url === '/boom') return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
    const id = /^\/products\/(\d+)/.exec(req.url ?? '')?.[1];
    const body = id !== undefined ? { id: Number(id), name: `product ${id}`, price: 10 } : { ok: true, url: req.url };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  const callLambda: ShadowCall = async (request) => {
    const id = Number(/^\/products\/(\d+)/.exec(request.url)?.[1] ?? 0);
    const body = { id, name: `product ${id}`, price: id % 4 === 0 ? 11 : 10 };
    return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) };
  };
  const dir = tempDir('strangler-dashboard-');
  const planFile = join(dir.dir, 'plan.yaml');
  writeFileSync(
    planFile,
    `monolith:
  url: ${mono.url}
listen: { host: 127.0.0.1, port: 0 }
admin: { host: 127.0.0.1, port: 0${useToken ? `, tokenEnv: ${TOKEN_ENV}` : ''} }
shadow:
  store: { path: ':memory:' }
  gates:
    live: { minSamples: 10, minMatchRate: 0.9 }
routes:
  - id: products
    match: { path: /products/:id, methods: [GET] }
    function: { name: products }
    stage: shadow
  - id: cart
    match: { path: /cart }
    function: { name: cart }
    stage: off
  - id: boom
    match: { path: /boom }
    function: { name: boom }
    stage: off
`,
  );
  const proxy = await createPlanProxy(loadPlanFile(planFile), {
    logDestination: logSink().stream,
    env: { [TOKEN_ENV]: TOKEN },
    shadow: { callLambda },
  });
  const { url, adminUrl } = await proxy.listen();
  const admin = async <T = any>(path: string): Promise<T> => {
    const res = await fetch(new URL(path, adminUrl), { headers: useToken ? { authorization: `Bearer ${TOKEN}` } : {} });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    proxy,
    url,
    adminUrl,
    planFile,
    mono,
    dir,
    admin,
    async close() {
      await proxy.close();
      await mono.close();
      dir.remove();
    },
  };
}

/**
 * Sends traffic: `products` GETs for ids 1..n (every 4th mismatches in the shadow), `cart` GETs, `boom` GETs (500);
 * resolves once the shadow report has compared every product request.
 */
export async function sendTraffic(p: DashboardProxy, counts: { products: number; cart: number; boom: number }): Promise<void> {
  const get = async (path: string): Promise<void> => {
    const res = await fetch(new URL(path, p.url));
    await res.arrayBuffer();
  };
  for (let i = 1; i <= counts.products; i++) await get(`/products/${i}`);
  for (let i = 0; i < counts.cart; i++) await get('/cart');
  for (let i = 0; i < counts.boom; i++) await get('/boom');
  await waitFor(
    async () => {
      const report = await p.admin('/shadow/report?route=products&samples=0');
      return report.routes[0].compared >= counts.products;
    },
    { timeoutMs: 20_000, what: 'every product request to be compared' },
  );
}
