import type { SecureContextOptions } from 'node:tls';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, type FastifyPluginCallback } from 'fastify';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { LambdaHealth, RouteLambdaHealth } from '../lambda-health/index.js';
import type { ProxyMetrics } from '../metrics/index.js';
import type { LoadedPlan } from '../plan/load.js';
import type { Route } from '../plan/schema.js';
import type { ProxyServices } from '../services/index.js';
import type { RouteStageInfo, StageResolver } from '../stages/resolver.js';
import { bearerMatches } from './auth.js';
import { AdminUnauthorizedError } from './errors.js';
import { MONOLITH_PROBE_MAX_MS, probeTcp, runChecks, type ReadinessCheck } from './readiness.js';

/** `strangler_flags_loaded`, read at scrape time from the stage resolver (the generated docs/metrics.md lists it too). */
export function registerFlagsLoadedGauge(registry: Registry, ready: () => boolean): Gauge {
  return new Gauge({
    name: 'strangler_flags_loaded',
    help: '1 when the flag source has loaded its flags, 0 while routes serve their default stages (flags unavailable).',
    registers: [registry],
    collect() {
      this.set(ready() ? 1 : 0);
    },
  });
}

/**
 * What admin routes can see of the proxy. Passed as the options of every admin plugin, so a plugin reads the
 * plan serving now, the resolver, the metrics registry and the logger, and can add readiness checks.
 */
export interface AdminContext {
  /** The plan serving now (a new object after each reload). */
  readonly loaded: LoadedPlan;
  /** The plan generation number: 1 at start, +1 per successful reload. */
  readonly generation: number;
  /** True once shutdown started. */
  readonly draining: boolean;
  readonly resolver: StageResolver;
  readonly metrics: ProxyMetrics;
  readonly logger: Logger;
  /** The proxy's services (stats, tracing, Lambda health…), the same object its requests use. */
  readonly services: ProxyServices;
  /** Adds a condition to `/readyz` (e.g. "the local Lambda service is up"). */
  addReadinessCheck(check: ReadinessCheck): void;
}

/**
 * An admin plugin: a fastify plugin registered on the admin server with the AdminContext as its options. Its
 * routes are behind the admin token like the built-in ones (the token check is a root hook).
 * @example
 *   const shadowReport: AdminPlugin = async (admin, ctx) => {
 *     admin.get('/shadow/report', async () => report(ctx.loaded.plan));
 *   };
 *   createProxy(plan, { adminPlugins: [shadowReport] });
 */
export type AdminPlugin = FastifyPluginAsync<AdminContext> | FastifyPluginCallback<AdminContext>;

export interface AdminServerOptions {
  /** Bearer token every admin request must carry; undefined: none (loopback only, checked before). */
  token: string | undefined;
  plugins: readonly AdminPlugin[];
  /** Extra readiness checks, read on every `/readyz` (the list may grow after start). */
  readinessChecks: readonly ReadinessCheck[];
  /** Serve HTTPS with this certificate (from the plan's `admin.tls`). Default: plain HTTP. */
  https?: SecureContextOptions;
}

/** One row of `GET /routes`. */
export interface RouteRow {
  id: string;
  methods: string[];
  path: string;
  function: Route['function'];
  writes: Route['writes'];
  /** The stage in the plan file (the default when a flag cannot be evaluated). */
  planStage: Route['stage'];
  /** The stage serving now, as the resolver reports it (a flag split reads like `off 75% / live 25%`). */
  stage: string;
  source: RouteStageInfo['source'];
  reason?: string;
  flag?: string;
  flagVersion?: number;
  pin?: RouteStageInfo['pin'];
  /** The function's health as the proxy saw it (proxy/lambda-health): invocations, cold starts, billing, throttles. */
  lambda: RouteLambdaHealth;
}

/**
 * The admin API, on its own listener: `/healthz`, `/readyz`, `/routes`, `/metrics`, plus the plugins' routes.
 * @example
 *   const admin = createAdminServer(ctx, { token: process.env.ADMIN_TOKEN, plugins: [], readinessChecks: [] });
 *   await admin.listen({ host: '127.0.0.1', port: 9901 });
 */
export function createAdminServer(ctx: AdminContext, options: AdminServerOptions): FastifyInstance {
  const admin = adminFastify(ctx.logger, options.token, options.https);

  // Not ready means: no plan, or draining after SIGTERM (so the load balancer stops sending before the listener
  // closes). The monolith and the flag source are shared by every replica: their failure is reported as degraded,
  // never a 503, since the proxy still serves (the monolith's own errors, or each route's default stage).
  const builtIn: ReadinessCheck[] = [
    { name: 'plan', check: () => ({ ok: true, detail: `${ctx.loaded.file} (generation ${ctx.generation})` }) },
    {
      name: 'monolith',
      critical: false,
      check: () => {
        const m = ctx.loaded.plan.monolith;
        return probeTcp(m.url, Math.min(m.timeoutMs, MONOLITH_PROBE_MAX_MS));
      },
    },
    { name: 'resolver', critical: false, check: () => flagsCheck(ctx.resolver) },
    { name: 'draining', check: () => (ctx.draining ? { ok: false, detail: 'shutting down' } : { ok: true }) },
  ];
  registerFlagsLoadedGauge(ctx.metrics.registry, () => ctx.resolver.ready());

  // Liveness stays unconditional; the details say what degrades the service without making it unready.
  admin.get('/healthz', async () => ({ status: 'ok', details: { flags: ctx.resolver.ready() ? 'loaded' : 'degraded' } }));

  admin.get('/readyz', async (_request, reply) => {
    const result = await runChecks([...builtIn, ...options.readinessChecks]);
    return reply.code(result.ready ? 200 : 503).send(result);
  });

  admin.get('/routes', async () => {
    const { plan, file } = ctx.loaded;
    return {
      generation: ctx.generation,
      plan: file,
      monolith: plan.monolith.url,
      routes: await routeRows(plan.routes, ctx.resolver, ctx.services.lambdaHealth),
    };
  });

  admin.get('/metrics', async (_request, reply) => {
    const text = await ctx.metrics.registry.metrics();
    return reply.header('content-type', ctx.metrics.registry.contentType).send(text);
  });

  for (const plugin of options.plugins) admin.register(plugin, ctx);
  return admin;
}

/**
 * The fastify instance of an admin API (a proxy's, or the `--workers` primary's, proxy/cluster): no per-request log
 * lines, and with a token every route but the `config: { public: true }` ones demands `Authorization: Bearer`.
 */
export function adminFastify(logger: Logger, token: string | undefined, https?: SecureContextOptions): FastifyInstance {
  // fastify types an HTTPS instance apart from an HTTP one; both serve the same routes, so one type is kept.
  const admin = Fastify({
    loggerInstance: logger.child({ component: 'admin' }) as FastifyBaseLogger,
    return503OnClosing: false,
    // Scrapes and probes every few seconds: no per-request lines.
    logController: new LogController({ disableRequestLogging: true }),
    ...(https === undefined ? {} : { https }),
  }) as unknown as FastifyInstance;
  if (token !== undefined) {
    admin.addHook('onRequest', async (request, reply) => {
      // A route marked `config: { public: true }` (the dashboard's page shell, which holds no data) is served
      // without the token: a browser cannot send a bearer header when it navigates.
      if ((request.routeOptions.config as { public?: boolean } | undefined)?.public === true) return;
      if (bearerMatches(request.headers.authorization, token)) return;
      const err = new AdminUnauthorizedError();
      return reply.code(401).header('www-authenticate', 'Bearer realm="strangler-admin"').send(err.toJSON());
    });
  }
  return admin;
}

function flagsCheck(resolver: StageResolver): { ok: boolean; detail?: string } {
  return resolver.ready() ? { ok: true } : { ok: false, detail: 'flags are not loaded yet; routes serve their default stages' };
}

async function routeRows(routes: readonly Route[], resolver: StageResolver, health: LambdaHealth): Promise<RouteRow[]> {
  const reported = new Map((resolver.routeStages?.() ?? []).map((info) => [info.route, info]));
  return Promise.all(
    routes.map(async (route): Promise<RouteRow> => {
      let info: Omit<RouteStageInfo, 'route'> | undefined = reported.get(route.id);
      if (info === undefined) {
        // A resolver without routeStages: ask it as for an anonymous request to the route's path.
        const d = await resolver.decide(route, { method: route.match.methods[0] ?? 'GET', path: route.match.path, headers: {}, ip: '' });
        info = { stage: d.stage, source: d.source, ...(d.reason !== undefined ? { reason: d.reason } : {}) };
      }
      return {
        id: route.id,
        methods: [...route.match.methods],
        path: route.match.path,
        function: route.function,
        writes: route.writes,
        planStage: route.stage,
        stage: info.stage,
        source: info.source,
        ...(info.reason !== undefined ? { reason: info.reason } : {}),
        ...(info.flag !== undefined ? { flag: info.flag } : {}),
        ...(info.flagVersion !== undefined ? { flagVersion: info.flagVersion } : {}),
        ...(info.pin !== undefined ? { pin: info.pin } : {}),
        lambda: health.snapshot(route.id),
      };
    }),
  );
}
