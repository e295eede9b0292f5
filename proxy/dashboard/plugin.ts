import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AdminContext } from '../admin/server.js';
import { UNMATCHED_ROUTE } from '../metrics/index.js';
import { ShadowError, SHADOW_ERROR_CODES } from '../shadow/errors.js';
import type { ShadowReport } from '../shadow/report/build.js';
import type { RollingStats } from '../stats/window.js';
import { dashboardPage } from './assets/page.js';
import { DashboardError, DASHBOARD_ERROR_CODES } from './errors.js';
import { routeGates } from './gates.js';

export interface DashboardPluginOptions {
  /** The proxy's rolling request stats (the same object given to `createProxy` as `stats`). */
  stats: RollingStats;
  /** The shadow report (the ShadowService); without it `/routes/:id/gates` answers 404 for every route. */
  shadow?: { report(options: { route?: string; samples?: number }): ShadowReport | Promise<ShadowReport> } | undefined;
}

/**
 * The migration dashboard on the admin listener:
 * - `GET /` the page (HTML with inline CSS and JS, no build step, no CDN). It holds no data, so it is served even
 *   without the admin token: the page asks for the token once, keeps it in sessionStorage and sends it as
 *   `Authorization: Bearer` on its fetches (a browser cannot send a bearer header when navigating);
 * - `GET /stats?window=SECONDS` the rolling request stats per route and side (default: the last 5 minutes);
 * - `GET /routes/:id/gates` the gate status of the route's next stage (the checks `strangler promote` runs).
 * Data routes are behind the admin token like every admin route.
 * @example
 *   const stats = new RollingStats();
 *   createProxy(loaded, { stats, adminPlugins: [dashboardPlugin({ stats, shadow })] });
 */
export function dashboardPlugin(options: DashboardPluginOptions): FastifyPluginAsync<AdminContext> {
  const page = dashboardPage();
  return async (admin, ctx) => {
    const sendPage = (reply: FastifyReply): FastifyReply =>
      reply
        .code(200)
        .type('text/html; charset=utf-8')
        .header('content-security-policy', page.csp)
        .header('x-frame-options', 'DENY')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-store');

    admin.get('/', {
      // The page shell holds no data: the admin server's token check lets `public` routes through (a browser
      // cannot send a bearer header when it navigates); the page asks for the token and every fetch carries it.
      config: { public: true },
      handler: async (_request, reply) => sendPage(reply).send(page.html),
    });

    admin.get<{ Querystring: { window?: string } }>('/stats', async (request, reply) => {
      const { window } = request.query;
      const maxSeconds = (options.stats.buckets * options.stats.bucketMs) / 1000;
      let windowMs: number | undefined;
      if (window !== undefined) {
        const n = Number(window);
        if (!/^\d+$/.test(window) || n < 1 || n > maxSeconds) {
          const err = new DashboardError(DASHBOARD_ERROR_CODES.badQuery, `window must be a whole number of seconds from 1 to ${maxSeconds} (got "${window}")`, {
            statusCode: 400,
          });
          return reply.code(400).send(err.toJSON());
        }
        windowMs = n * 1000;
      }
      // The plan serving now (AdminContext.loaded follows reloads), so rows come in plan order.
      const planned = ctx.loaded?.plan.routes.map((r) => r.id);
      reply.header('cache-control', 'no-store');
      return options.stats.snapshot({ ...(windowMs !== undefined ? { windowMs } : {}), ...(planned ? { order: [...planned, UNMATCHED_ROUTE] } : {}) });
    });

    admin.get<{ Params: { id: string } }>('/routes/:id/gates', async (request, reply) => {
      const { id } = request.params;
      const shadow = options.shadow;
      try {
        if (shadow === undefined)
          throw new DashboardError(DASHBOARD_ERROR_CODES.unknownRoute, `no shadow results on this proxy, so no gates for "${id}"`, { statusCode: 404 });
        reply.header('cache-control', 'no-store');
        return routeGates(await shadow.report({ route: id, samples: 0 }), id);
      } catch (err) {
        if (err instanceof ShadowError && err.code === SHADOW_ERROR_CODES.unknownRoute) {
          const e = new DashboardError(DASHBOARD_ERROR_CODES.unknownRoute, err.message, { statusCode: 404 });
          return reply.code(404).send(e.toJSON());
        }
        if (err instanceof DashboardError) return reply.code(err.statusCode ?? 500).send(err.toJSON());
        throw err;
      }
    });
  };
}
