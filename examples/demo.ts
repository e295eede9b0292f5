import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { functionsOfPlan, startLambdaServiceFromPlan, type LambdaService } from '../lambda-runtime/index.js';
import { createPlanProxy, watchPlan, type PlanWatcher, type Proxy } from '../proxy/index.js';
import { createLogger } from '../proxy/logging/index.js';
import { loadPlanFile, loadPlanFileOffThread, type LoadedPlan } from '../proxy/plan/index.js';
import { DEFAULT_SHOP_PORT, startShop, type RunningShop } from './shop/index.js';

/**
 * The demo `npm start` runs: the example shop monolith, the local Lambda service with the plan's functions, and
 * the strangler proxy with the plan, wired to each other. examples/start.ts is the command-line face (environment
 * variables, printing, signals); this file is the part tests can drive.
 */

/** migration-plans/shop.yaml, found from this file (examples/ in the source, dist/examples/ when compiled). */
export const SHOP_PLAN = fileURLToPath(
  new URL(import.meta.url.includes('/dist/') ? '../../migration-plans/shop.yaml' : '../migration-plans/shop.yaml', import.meta.url),
);

export interface DemoOptions {
  /** The plan. Default migration-plans/shop.yaml. */
  planFile?: string;
  /** Port overrides (0: a free port). Default: the ports of the plan's `monolith.url`, `lambda.endpoint`, `listen`, `admin`. */
  ports?: { shop?: number; lambda?: number; proxy?: number; admin?: number };
  /** Logger of the proxy and the Lambda service. Default: pino JSON on stdout at the plan's `server.logLevel`. */
  logger?: Logger;
}

export interface Demo {
  shopUrl: string;
  /** The local Lambda service's endpoint, or undefined when the plan has no local endpoint or no functions. */
  lambdaEndpoint: string | undefined;
  functions: string[];
  proxyUrl: string;
  adminUrl: string;
  /** The plan as the proxy serves it (with the demo's addresses filled in). */
  readonly plan: LoadedPlan;
  /** Stops the proxy (draining), the Lambda service (and its execution environments), then the shop. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts everything. If a part cannot start (a port in use, an invalid plan), what already started is stopped and
 * the coded error (STRANGLER_EXAMPLE_LISTEN, STRANGLER_LISTEN_FAILED, STRANGLER_LAMBDA_SERVICE_LISTEN,
 * STRANGLER_PLAN_INVALID) is thrown.
 * @example
 *   const demo = await startDemo({ ports: { shop: 0, lambda: 0, proxy: 0, admin: 0 } });
 *   await fetch(`${demo.proxyUrl}/products`);
 *   await demo.close();
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const planFile = options.planFile ?? SHOP_PLAN;
  const ports = options.ports ?? {};
  const first = loadPlanFile(planFile);
  const logger = options.logger ?? createLogger({ level: first.plan.server.logLevel });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((err: unknown) => logger.error({ err }, 'demo: stopping a part failed'));
  };

  try {
    const monolith = new URL(first.plan.monolith.url);
    const shop: RunningShop = await startShop({ host: hostOf(monolith), port: ports.shop ?? portOf(monolith, DEFAULT_SHOP_PORT) });
    stops.push(() => shop.close());

    // The local Lambda service, when the plan points at one (AWS otherwise) and declares functions to run.
    let lambda: LambdaService | undefined;
    const endpoint = first.plan.lambda.endpoint === undefined ? undefined : new URL(first.plan.lambda.endpoint);
    const { functions } = functionsOfPlan(first);
    if (endpoint !== undefined && isLoopback(endpoint.hostname) && functions.length > 0) {
      lambda = await startLambdaServiceFromPlan(first, {
        host: hostOf(endpoint),
        port: ports.lambda ?? portOf(endpoint, 0),
        logger: logger.child({ component: 'lambda' }),
      });
      stops.push(() => lambda!.close({ graceMs: 1_000 }));
    }

    // The demo owns the monolith and the Lambda service: the proxy is pointed at where they really listen, on
    // start and on every reload (so ports picked by the OS survive an edit of the plan).
    const withAddresses = (loaded: LoadedPlan): LoadedPlan => ({
      ...loaded,
      plan: {
        ...loaded.plan,
        monolith: { ...loaded.plan.monolith, url: shop.url },
        lambda: lambda === undefined ? loaded.plan.lambda : { ...loaded.plan.lambda, endpoint: lambda.endpoint },
        listen: { ...loaded.plan.listen, port: ports.proxy ?? loaded.plan.listen.port },
        admin: { ...loaded.plan.admin, port: ports.admin ?? loaded.plan.admin.port },
      },
    });
    const proxy: Proxy = await createPlanProxy(withAddresses(first), { logger });
    stops.push(() => proxy.close());
    const { url, adminUrl } = await proxy.listen();
    const watcher: PlanWatcher = watchPlan(proxy, planFile, { load: async (file) => withAddresses(await loadPlanFileOffThread(file)) });
    stops.push(async () => watcher.close());

    let closing: Promise<void> | undefined;
    return {
      shopUrl: shop.url,
      lambdaEndpoint: lambda?.endpoint,
      functions: lambda === undefined ? [] : functions.map((f) => f.name),
      proxyUrl: url,
      adminUrl,
      get plan() {
        return proxy.plan;
      },
      close: () => (closing ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The URL's port, or `fallback` when it names none (the demo then picks its own and rewrites the URL). */
function portOf(url: URL, fallback: number): number {
  return url.port === '' ? fallback : Number(url.port);
}

/** `[::1]` → `::1`, for listen(). */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
}
