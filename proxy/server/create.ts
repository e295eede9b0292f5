import { METHODS, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Server as TlsServer } from 'node:tls';
import Fastify, { type FastifyInstance, type onRequestHookHandler } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { adminToken } from '../admin/auth.js';
import type { ReadinessCheck } from '../admin/readiness.js';
import { createAdminServer, type AdminContext, type AdminPlugin } from '../admin/server.js';
import { internalError as internalProxyError } from '../errors/index.js';
import { createLogger, type DestinationStream } from '../logging/index.js';
import { ProxyMetrics } from '../metrics/index.js';
import { inventoryAdminPlugin } from '../admin/inventory.js';
import { TrafficInventory } from '../inventory/index.js';
import type { LoadedPlan } from '../plan/load.js';
import type { Plan } from '../plan/schema.js';
import { staticStageResolver, type StageResolver } from '../stages/resolver.js';
import { buildRouterAsync, type PlanRouter } from '../routing/router.js';
import { proxyRollback, type PinFn } from '../promotion/rollback.js';
import { ProxyServices } from '../services/index.js';
import type { ShadowService } from '../shadow/service.js';
import type { RollingStats } from '../stats/window.js';
import type { ProxyTracing } from '../tracing/tracer.js';
import { breakerRowsHook } from '../fallback/admin.js';
import { createLambdaShared, type LambdaOptions } from '../services/lambda-shared.js';
import { ListenError } from './errors.js';
import { kExchange, type ExchangeCarrier } from '../exchange/exchange.js';
import { Generation } from './generation.js';
import { handleRequest } from './handler.js';
import { errorAnswer } from '../http/raw-error.js';
import { refuseMalformed } from './reject.js';
import { requestIdOf } from './request-id.js';
import { readTls, rotateTls, tlsPaths, type TlsRotation } from './tls.js';
import { handleConnect, handleUpgrade, type UpgradeState } from './upgrade.js';

export interface ProxyOptions {
  /** A pino logger to log to (its level is left as it is). Default: one made by `createLogger`. */
  logger?: Logger;
  /** Where the default logger writes (a stream, a file path or a file descriptor). Default stdout. */
  logDestination?: DestinationStream | string | number;
  /** Picks each route's stage per request. Default `staticStageResolver()`. The proxy closes it on `close()`. */
  stageResolver?: StageResolver;
  /**
   * Shadow traffic and comparison (proxy/shadow): the dispatch asks it per request. The proxy tells it about plan
   * reloads and closes it on `close()`. Its admin plugin is registered through `adminPlugins`. Default: none.
   */
  shadow?: ShadowService;
  /**
   * Lambda routes (proxy/targets): an injected client, the failure classification hook, log tails, the shadow
   * caller to bind. Default: a client built from the plan's `lambda` section.
   */
  lambda?: LambdaOptions;
  /**
   * How automatic rollback (proxy/promotion/rollback.ts) pins a failing route back to shadow. Default: the stage
   * resolver's own `pin` when it has one (the flags resolver); with neither, routes are not rolled back.
   */
  rollbackPin?: PinFn;
  /** The dashboard's rolling request stats (proxy/stats): every request is recorded into them. Default: none. */
  stats?: RollingStats;
  /** Tracing (proxy/tracing, `startTracing`): spans for requests, invocations and shadow calls. Default: off. */
  tracing?: ProxyTracing;
  /** Registry for the proxy's metrics. Default: a new Registry per proxy (never prom-client's global one). */
  metricsRegistry?: Registry;
  /** Also export prom-client's default process metrics (memory, CPU, event loop, GC). Default false. */
  processMetrics?: boolean;
  /** Fastify plugins registered on the admin server with the AdminContext as options (see AdminPlugin). */
  adminPlugins?: AdminPlugin[];
  /** Extra `/readyz` checks. More can be added later with `proxy.addReadinessCheck`. */
  readinessChecks?: ReadinessCheck[];
  /**
   * Apply each reloaded plan's `server.logLevel` to the logger. Default: true when the proxy made its logger, false
   * for a given one (createPlanProxy makes the logger it gives, and sets this).
   */
  logLevelFromPlan?: boolean;
  /** Where `admin.tokenEnv` is looked up. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

export interface ListenAddresses {
  /** The proxy's URL, e.g. `http://127.0.0.1:8080` (the real port when the plan says 0; `https:` with `listen.tls`). */
  url: string;
  /** The admin API's URL; empty when `listen({ admin: false })` left it unbound (a cluster worker's). */
  adminUrl: string;
}

/** A plan's routing structures, built ahead of the swap (`prepareReload`). */
export interface PreparedReload {
  router: PlanRouter;
  /** The shadow service's compiled routes, when the proxy has one. */
  shadowRoutes?: Awaited<ReturnType<ShadowService['prepareRoutes']>>;
}

export interface ReloadResult {
  generation: number;
  routes: number;
}

export interface Proxy {
  /** The fastify instance of the traffic listener (`app.server` is node's http.Server: supertest-able). */
  readonly app: FastifyInstance;
  /** The fastify instance of the admin API; add routes before `listen()`, or use `adminPlugins`. */
  readonly admin: FastifyInstance;
  readonly logger: Logger;
  /** The Prometheus registry of this proxy (`/metrics`). Other modules register their metrics here. */
  readonly metrics: Registry;
  /** The proxy's own metric helpers (request counts, upstream errors). */
  readonly proxyMetrics: ProxyMetrics;
  readonly resolver: StageResolver;
  /** The plan serving now. */
  readonly plan: LoadedPlan;
  /** 1 at start, +1 per successful reload. */
  readonly generation: number;
  /**
   * Binds both listeners (the plan's `listen` and `admin` addresses) and resolves their URLs. With `admin: false`
   * only the traffic listener binds; the admin API stays reachable through `admin.inject` (how a cluster worker
   * answers its primary, proxy/cluster).
   */
  listen(options?: { admin?: boolean }): Promise<ListenAddresses>;
  /**
   * Swaps in a new, already validated plan atomically: requests in flight finish under the old one. Listen and
   * admin addresses and the admin token need a restart. Throws (and keeps the old plan) if the plan cannot be
   * applied. `prepared`: what `prepareReload` built for this plan beforehand (as the plan watcher does), so a plan
   * of thousands of routes is indexed without holding up requests; built here, synchronously, otherwise.
   */
  reload(plan: LoadedPlan | Plan, prepared?: PreparedReload): ReloadResult;
  /**
   * Builds a plan's router and shadow rules in slices, with turns of the event loop between them, for `reload`:
   * the swap itself is then a few assignments.
   */
  prepareReload(plan: LoadedPlan | Plan): Promise<PreparedReload>;
  /** Adds a `/readyz` condition. */
  addReadinessCheck(check: ReadinessCheck): void;
  /**
   * Graceful shutdown: stop accepting connections, let in-flight requests finish (connections close after their
   * response), force the rest closed after `server.gracePeriodMs`, then close the admin API and the resolver.
   * Idempotent.
   */
  close(): Promise<void>;
}

/** Every method node's parser accepts, except CONNECT (a tunnel, which node hands to `connect` listeners). */
const PROXIED_METHODS = METHODS.filter((m) => m !== 'CONNECT');

/**
 * Creates a strangler proxy for a migration plan: a fastify server that routes each request by the plan, forwards
 * to the monolith (and, in later stages, Lambda), and an admin API. Nothing listens until `listen()`.
 * Throws a coded StranglerError for an unsafe admin configuration (STRANGLER_ADMIN_TOKEN_REQUIRED,
 * STRANGLER_ADMIN_TOKEN_EMPTY).
 * @example
 *   import { createProxy, loadPlanFile } from '@strangler-toolkit/strangler';
 *   const proxy = createProxy(loadPlanFile('migration-plans/shop.yaml'));
 *   const { url, adminUrl } = await proxy.listen();
 *   process.on('SIGTERM', () => void proxy.close());
 */
export function createProxy(plan: LoadedPlan | Plan, options: ProxyOptions = {}): Proxy {
  const first = toLoaded(plan);
  const token = adminToken(first.plan.admin, options.env ?? process.env);
  const ownsLogger = options.logLevelFromPlan ?? options.logger === undefined;
  const logger = options.logger ?? createLogger({ level: first.plan.server.logLevel, destination: options.logDestination });
  const metrics = new ProxyMetrics({ registry: options.metricsRegistry, processMetrics: options.processMetrics });
  const resolver = options.stageResolver ?? staticStageResolver();
  const lambda = createLambdaShared(metrics.registry, logger, options.lambda);
  // Rollback judges the routes of the plan serving now, shadowed or not; its events go to the shadow store if any.
  const rollback = proxyRollback({
    pin: options.rollbackPin,
    resolver,
    plan: () => state.current.plan,
    logger,
    store: options.shadow?.store,
    registry: metrics.registry,
  });
  // The traffic inventory writes its minutes to the shadow results store when there is one, else keeps an hour in memory.
  const inventory = new TrafficInventory({ settings: first.plan.inventory, store: options.shadow?.store, logger });
  // The proxy's services, built once: every plan generation, its targets and each request's exchange use these.
  const services = new ProxyServices({
    logger,
    metrics,
    resolver,
    shadow: options.shadow,
    lambda,
    stats: options.stats,
    tracing: options.tracing,
    rollback,
    inventory,
  });
  const readinessChecks = [...(options.readinessChecks ?? [])];

  const upgraded = new Set<Duplex>();
  const state: UpgradeState = {
    current: new Generation(1, first, services),
    upgraded,
    route: (req, res) => app.routing(req, res),
  };

  // Certificates are read (and checked) before anything is built, so a bad one fails the start with its file named.
  const listenTls = first.plan.listen.tls === undefined ? undefined : tlsPaths(first, first.plan.listen.tls);
  const adminTls = first.plan.admin.tls === undefined ? undefined : tlsPaths(first, first.plan.admin.tls);
  const listenHttps = listenTls === undefined ? undefined : readTls(listenTls, 'listen.tls');
  const adminHttps = adminTls === undefined ? undefined : readTls(adminTls, 'admin.tls');

  // fastify's own logger stays off on the traffic listener: the proxy writes one line per request itself, and
  // a per-request child logger and response listeners would cost on the hot path. fastify types an HTTPS
  // instance apart from an HTTP one; both are node http(s) servers to the proxy, so one type is kept.
  const app = Fastify({
    ...(listenHttps === undefined ? {} : { https: listenHttps }),
    logger: false,
    genReqId: requestIdOf,
    requestIdHeader: false,
    // Draining serves requests already on open connections (with `Connection: close`) instead of 503s.
    return503OnClosing: false,
    // No deadline for a whole request: large uploads stream for as long as they progress (node's headersTimeout
    // still bounds slow request heads); the monolith side has its own inactivity timeout.
    requestTimeout: 0,
    // Answers the proxy produces itself carry a code, a log line and a metric (./reject.ts), never fastify's shapes.
    clientErrorHandler: (err, socket) => refuseMalformed(services, err, socket),
    // A target fastify's own router refuses (`/a/%zz`: FST_ERR_BAD_URL) reaches the proxy's handler anyway, which
    // refuses it like every unusable path (400 STRANGLER_PATH_INVALID at the front door) or routes it.
    frameworkErrors(_error, request, reply) {
      reply.hijack();
      try {
        handleRequest(state, request.raw, reply.raw, request.id);
      } catch (err) {
        internalError(logger, reply.raw, err);
      }
    },
  }) as unknown as FastifyInstance;
  // The front door (./inbound.ts) checks Host itself, so a missing one gets the coded 400 like a doubled one instead
  // of node's bare 400. Set on the server rather than through fastify's `http` options so it holds for HTTPS too.
  (app.server as { requireHostHeader?: boolean }).requireHostHeader = false;
  for (const method of PROXIED_METHODS) {
    if (!app.supportedMethods.includes(method)) app.addHttpMethod(method, { hasBody: true });
  }
  // The proxy takes the request in `onRequest`, before fastify looks at the body: nothing is parsed or buffered,
  // any Content-Type passes, and the body streams to the target.
  const takeRequest: onRequestHookHandler = (request, reply, done) => {
    reply.hijack();
    try {
      handleRequest(state, request.raw, reply.raw, request.id);
    } catch (err) {
      internalError(logger, reply.raw, err);
    }
    done();
  };
  app.route({ method: PROXIED_METHODS, url: '*', onRequest: takeRequest, handler: async () => undefined });
  app.server.on('connect', (req: IncomingMessage, socket: Duplex) => handleConnect(state, req, socket, PROXIED_METHODS));
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      handleUpgrade(state, req, socket, head);
    } catch (err) {
      logger.error({ err }, 'upgrade failed');
      socket.destroy();
    }
  });

  const context: AdminContext = {
    get loaded() {
      return state.current.loaded;
    },
    get generation() {
      return state.current.id;
    },
    get draining() {
      return services.draining;
    },
    resolver,
    metrics,
    logger,
    services,
    addReadinessCheck: (check) => void readinessChecks.push(check),
  };
  const admin = createAdminServer(context, {
    token,
    plugins: [inventoryAdminPlugin(inventory), ...(options.adminPlugins ?? [])],
    readinessChecks,
    ...(adminHttps === undefined ? {} : { https: adminHttps }),
  });
  const rotations: Array<{ field: 'listen' | 'admin'; rotation: TlsRotation }> = [];
  // `/routes` rows gain each route's circuit breaker state; the shadow service's `callLambda` uses this proxy's routes.
  admin.addHook('onSend', breakerRowsHook(lambda.breakers));
  options.lambda?.shadowCaller?.attach(() => state.current);

  let closing: Promise<void> | undefined;
  let bound: { listen: Plan['listen']; admin: Plan['admin'] } | undefined;

  const proxy: Proxy = {
    app,
    admin,
    logger,
    metrics: metrics.registry,
    proxyMetrics: metrics,
    resolver,
    get plan() {
      return state.current.loaded;
    },
    get generation() {
      return state.current.id;
    },
    addReadinessCheck: context.addReadinessCheck,

    async listen(options = {}) {
      const p = state.current.plan;
      const bindAdmin = options.admin ?? true;
      try {
        await app.listen({ host: p.listen.host, port: p.listen.port });
      } catch (err) {
        throw new ListenError('proxy, plan listen', p.listen.host, p.listen.port, err);
      }
      try {
        if (bindAdmin) await admin.listen({ host: p.admin.host, port: p.admin.port });
        else await admin.ready();
      } catch (err) {
        await app.close();
        throw new ListenError('admin API, plan admin', p.admin.host, p.admin.port, err);
      }
      bound = { listen: p.listen, admin: p.admin };
      if (listenTls !== undefined)
        rotations.push({ field: 'listen', rotation: rotateTls(app.server as unknown as TlsServer, listenTls, 'listen.tls', logger) });
      if (adminTls !== undefined && bindAdmin)
        rotations.push({ field: 'admin', rotation: rotateTls(admin.server as unknown as TlsServer, adminTls, 'admin.tls', logger) });
      const addresses = {
        url: urlOf(app.server.address() as AddressInfo, listenTls !== undefined),
        adminUrl: bindAdmin ? urlOf(admin.server.address() as AddressInfo, adminTls !== undefined) : '',
      };
      logger.info({ event: 'listening', ...addresses, plan: state.current.loaded.file, routes: p.routes.length }, 'strangler proxy listening');
      return addresses;
    },

    async prepareReload(next) {
      const { plan } = toLoaded(next);
      const router = await buildRouterAsync(plan.routes, plan.routing);
      return services.shadow === undefined ? { router } : { router, shadowRoutes: await services.shadow.prepareRoutes({ plan }) };
    },

    reload(next, prepared) {
      const loaded = toLoaded(next);
      const previous = state.current;
      let gen: Generation;
      try {
        services.shadow?.checkReload(loaded);
        gen = new Generation(previous.id + 1, loaded, services, previous, prepared?.router);
      } catch (err) {
        metrics.reloads.labels('failure').inc();
        throw err;
      }
      state.current = gen;
      previous.retire();
      resolver.updatePlan?.(loaded.plan.routes);
      services.shadow?.updatePlan(loaded, prepared?.shadowRoutes);
      services.rollback?.retain(new Set(loaded.plan.routes.map((r) => r.id)));
      inventory.update(loaded.plan.inventory);
      if (ownsLogger) logger.level = loaded.plan.server.logLevel;
      if (bound !== undefined) warnRestartNeeded(logger, bound, loaded.plan);
      // SIGHUP is also how an operator says "the certificate was renewed": read it again.
      for (const { field, rotation } of rotations) {
        const files = loaded.plan[field].tls;
        if (files !== undefined) rotation.update(tlsPaths(loaded, files));
      }
      metrics.reloads.labels('success').inc();
      logger.info({ event: 'plan.reload', plan: loaded.file, generation: gen.id, routes: loaded.plan.routes.length }, 'plan reloaded');
      return { generation: gen.id, routes: loaded.plan.routes.length };
    },

    close() {
      closing ??= shutdown();
      return closing;
    },
  };

  async function shutdown(): Promise<void> {
    services.draining = true;
    const graceMs = state.current.plan.server.gracePeriodMs;
    logger.info({ event: 'shutdown', gracePeriodMs: graceMs, inFlight: state.current.active }, 'draining');
    // A keep-alive connection whose response started before the drain goes idle afterwards: close it then.
    const reaper = setInterval(() => app.server.closeIdleConnections(), 50);
    let timer: NodeJS.Timeout | undefined;
    const drained = app.close().then(() => false);
    const expired = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs);
    });
    if (await Promise.race([drained, expired])) {
      logger.warn(
        { event: 'shutdown', gracePeriodMs: graceMs, inFlight: state.current.active, upgraded: upgraded.size },
        'grace period over; closing connections',
      );
      app.server.closeAllConnections();
      for (const socket of upgraded) socket.destroy();
      await drained;
    }
    clearTimeout(timer);
    clearInterval(reaper);
    for (const { rotation } of rotations) rotation.close();
    state.current.retire();
    await admin.close();
    // Every request has finished: the inventory writes its last minutes before the store closes.
    await inventory.close();
    await services.shadow?.close();
    await resolver.close();
    logger.info({ event: 'stopped' }, 'strangler proxy stopped');
    logger.flush();
  }

  return proxy;
}

/** A Plan passed directly is taken as validated (parsePlan / PlanSchema output); it has no file. */
function toLoaded(plan: LoadedPlan | Plan): LoadedPlan {
  if ('plan' in plan && 'file' in plan && 'dir' in plan) return plan;
  return { plan: plan as Plan, file: '(plan object)', dir: process.cwd() };
}

function urlOf(address: AddressInfo, https: boolean): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${https ? 'https' : 'http'}://${host}:${address.port}`;
}

function warnRestartNeeded(logger: Logger, bound: { listen: Plan['listen']; admin: Plan['admin'] }, plan: Plan): void {
  const changed: string[] = [];
  // A certificate changes on reload; turning TLS on or off changes the listener itself.
  const tlsToggled = (a: { tls?: unknown }, b: { tls?: unknown }): boolean => (a.tls === undefined) !== (b.tls === undefined);
  if (bound.listen.host !== plan.listen.host || bound.listen.port !== plan.listen.port || tlsToggled(bound.listen, plan.listen)) changed.push('listen');
  if (
    bound.admin.host !== plan.admin.host ||
    bound.admin.port !== plan.admin.port ||
    bound.admin.tokenEnv !== plan.admin.tokenEnv ||
    tlsToggled(bound.admin, plan.admin)
  )
    changed.push('admin');
  if (changed.length > 0) logger.warn({ event: 'plan.reload', changed }, `plan reloaded, but ${changed.join(' and ')} changes need a restart`);
}

/** A bug in the proxy itself: answer 500 with a code rather than leave the client waiting. */
function internalError(logger: Logger, res: ServerResponse & ExchangeCarrier, err: unknown): void {
  logger.error({ err }, 'request handling failed');
  const ex = res[kExchange];
  const error = internalProxyError('internal proxy error', err);
  if (ex !== undefined) ex.fail(error);
  else if (!res.headersSent) {
    const { status, body, headers } = errorAnswer(error);
    res.writeHead(status, headers).end(body);
  } else res.destroy();
}
