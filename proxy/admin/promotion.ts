import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AdminContext } from './server.js';
import { internalError, isStranglerError, replyWithError } from '../errors/index.js';
import type { ShadowReport } from '../shadow/report/build.js';
import { parseWindow } from '../shadow/report/since.js';
import type { ResultsStore } from '../shadow/store/types.js';
import { PromotionError } from '../promotion/errors.js';
import { promote, type PromotionResult } from '../promotion/promote.js';
import { parsePromotionBody } from '../promotion/request.js';

export interface PromotionAdminOptions {
  /** The shadow results the gates are checked against (the ShadowService). Without it a gated move finds none. */
  shadow?:
    | {
        report(options: { route?: string; samples?: number; since?: number }): ShadowReport | Promise<ShadowReport>;
        readonly store?: Pick<ResultsStore, 'recordEvent'>;
      }
    | undefined;
  /** The client `prewarm` invokes with. Default: one built from the plan's `lambda` section per promotion. */
  lambdaClient?: LambdaClient;
  now?: () => number;
}

/**
 * `POST /routes/:id/promote` on the admin API: the promotion `strangler promote` makes, run by the proxy on the
 * plan it serves, its shadow store and its flags file. Body: `{ "to": "live", "percent"?, "force"?, "reason"?,
 * "since"?, "prewarm"? }`. Answers the PromotionResult as JSON: 200 `promoted` (flags file written) or
 * `change-to-make` (LaunchDarkly, static stages); 409 `refused` with `error: { code, message, reasons }`
 * (STRANGLER_PROMOTE_GATES_FAILED, STRANGLER_PROMOTE_PREWARM_FAILED); 400 STRANGLER_PROMOTE_INVALID;
 * 404 STRANGLER_SHADOW_UNKNOWN_ROUTE; 409 STRANGLER_PROMOTE_UNSUPPORTED. Behind the admin token like every admin route.
 * Each promotion is logged (`event: promote`), appended to `.strangler/audit.jsonl` and kept in the store's events.
 * @example
 *   createProxy(loaded, { adminPlugins: [promotionAdminPlugin({ shadow })] });
 */
export function promotionAdminPlugin(options: PromotionAdminOptions = {}): FastifyPluginAsync<AdminContext> {
  return async (admin, ctx) => {
    admin.setErrorHandler((err: unknown, _request, reply) => sendError(reply, err));

    admin.post<{ Params: { id: string }; Body: unknown }>('/routes/:id/promote', async (request, reply) => {
      const req = parsePromotionBody(request.params.id, request.body);
      const now = options.now ?? Date.now;
      const since = req.since === undefined ? undefined : now() - parseWindow(req.since, 'since');
      const shadow = options.shadow;
      const store = shadow?.store;
      const result = await promote(req, {
        loaded: ctx.loaded,
        user: 'admin-api',
        now,
        ...(options.lambdaClient ? { lambdaClient: options.lambdaClient } : {}),
        results: async (route) =>
          shadow === undefined
            ? undefined
            : (await shadow.report({ route, samples: 0, ...(since !== undefined ? { since } : {}) })).routes.find((r) => r.route === route),
        ...(store ? { recordEvent: (e) => store.recordEvent(e) } : {}),
      });
      logResult(ctx, result);
      if (result.outcome === 'refused') return reply.code(409).send({ ...result, error: { ...result.error, reasons: result.reasons } });
      return reply.send(result);
    });
  };
}

function logResult(ctx: AdminContext, result: PromotionResult): void {
  if (result.outcome === 'refused') {
    ctx.logger.warn(
      { event: 'promote_refused', route: result.route, to: result.to, errorCode: result.error.code, reasons: result.reasons },
      `promotion of ${result.route} to ${result.to} refused`,
    );
    return;
  }
  ctx.logger.warn(
    { ...result.audit.entry, event: result.audit.entry.event === 'promote' ? 'promote' : 'promote_forced' },
    `${result.route} promoted to ${result.to} (${result.outcome})`,
  );
}

function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  if (isStranglerError(err)) return replyWithError(reply, err);
  // fastify's own client errors (a body that is not JSON, a wrong content type) keep their status.
  const status = (err as { statusCode?: number }).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return replyWithError(reply, new PromotionError('STRANGLER_PROMOTE_INVALID', (err as Error).message, { statusCode: status, cause: err }));
  }
  return replyWithError(reply, internalError('internal error', err));
}
