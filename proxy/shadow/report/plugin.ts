import type { FastifyPluginAsync } from 'fastify';
import { replyWithError } from '../../errors/index.js';
import { ShadowError } from '../errors.js';
import type { ShadowReport } from './build.js';
import { formatReport } from './format.js';
import { parseWindow } from './since.js';

export interface ReportSource {
  /**
   * The report of every route, or of `route` only (throws STRANGLER_SHADOW_UNKNOWN_ROUTE for an unknown one);
   * `since` (epoch ms): results from then on.
   */
  report(options: { route?: string; samples?: number; since?: number }): ShadowReport | Promise<ShadowReport>;
  /** Forgets a route's results (audit-logged); throws STRANGLER_SHADOW_UNKNOWN_ROUTE for an unknown one. */
  resetRoute?(route: string, reason?: string): unknown;
}

/**
 * `GET /shadow/report` for the admin API: JSON (the same document as `strangler report --json`), or the text
 * table with `?format=text`. Query: `route` (one route), `samples` (samples per route, default 5, at most 100),
 * `since` (a window such as `1h`: results from then on).
 * `POST /shadow/routes/:id/reset` (optional `{ "reason": … }`) forgets a route's results (`strangler shadow reset`).
 * Register it with `createProxy(plan, { adminPlugins: [shadowReportPlugin(service)] })`; it is behind the admin
 * token like every admin route.
 */
export function shadowReportPlugin(source: ReportSource): FastifyPluginAsync<object> {
  return async (admin) => {
    if (source.resetRoute !== undefined) {
      const reset = source.resetRoute.bind(source);
      admin.post<{ Params: { id: string }; Body: unknown }>('/shadow/routes/:id/reset', async (request, reply) => {
        const body = request.body;
        const reason =
          body !== null && typeof body === 'object' && typeof (body as { reason?: unknown }).reason === 'string'
            ? (body as { reason: string }).reason
            : undefined;
        try {
          return reply.send(await reset(request.params.id, reason));
        } catch (err) {
          if (err instanceof ShadowError) return replyWithError(reply, err);
          throw err;
        }
      });
    }
    admin.get<{ Querystring: { route?: string; samples?: string; format?: string; since?: string } }>('/shadow/report', async (request, reply) => {
      const { route, samples, format, since } = request.query;
      const n = samples === undefined ? undefined : Number(samples);
      if (n !== undefined && !(Number.isInteger(n) && n >= 0 && n <= 100)) {
        return replyWithError(reply, new ShadowError('STRANGLER_SHADOW_BAD_QUERY', `samples must be an integer from 0 to 100 (got "${samples}")`));
      }
      if (format !== undefined && format !== 'json' && format !== 'text') {
        return replyWithError(reply, new ShadowError('STRANGLER_SHADOW_BAD_QUERY', `format must be json or text (got "${format}")`));
      }
      let report: ShadowReport;
      try {
        const from = since === undefined ? undefined : Date.now() - parseWindow(since, 'since');
        report = await source.report({
          ...(route !== undefined ? { route } : {}),
          ...(n !== undefined ? { samples: n } : {}),
          ...(from !== undefined ? { since: from } : {}),
        });
      } catch (err) {
        if (err instanceof ShadowError) return replyWithError(reply, err);
        throw err;
      }
      reply.header('cache-control', 'no-store');
      if (format === 'text') return reply.type('text/plain; charset=utf-8').send(formatReport(report));
      return report;
    });
  };
}
