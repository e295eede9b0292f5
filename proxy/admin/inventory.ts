import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AdminContext } from './server.js';
import { isStranglerError, replyWithError } from '../errors/index.js';
import { parseWindow } from '../shadow/report/since.js';
import { INVENTORY_ERROR_CODES, InventoryError } from '../inventory/errors.js';
import type { TrafficInventory, TrafficParts } from '../inventory/inventory.js';
import { combineParts, summarise, type TrafficSummary } from '../inventory/summary.js';
import { MINUTE_MS } from '../../planner/inventory/index.js';

/** The window `GET /traffic` covers without `since`. */
export const DEFAULT_TRAFFIC_WINDOW = '24h';

/** `GET /traffic/parts`: one process's minutes (the fleet admin merges the workers', proxy/cluster) and the routes. */
export interface TrafficPartsAnswer extends TrafficParts {
  since: number;
  enabled: boolean;
  routes: { id: string; stage: string }[];
}

/**
 * The inventory on the admin API (behind the admin token like every admin route):
 * - `GET /traffic?since=24h`: the share served by functions per minute, routes by stage, the unmatched inventory
 *   (./summary.ts); `since` is a duration (`90s`, `30m`, `1h`, `7d`), default 24h;
 * - `GET /traffic/parts?since=24h`: the raw minute aggregates, split into stored and this process's own, which
 *   `strangler proxy --workers` adds up across workers.
 * @example
 *   createProxy(loaded, { adminPlugins: [inventoryAdminPlugin(inventory)] });
 */
export function inventoryAdminPlugin(inventory: TrafficInventory): FastifyPluginAsync<AdminContext> {
  return async (admin, ctx) => {
    const parts = async (since: string | undefined): Promise<TrafficPartsAnswer> => {
      const from = sinceOf(since);
      return { since: from, enabled: inventory.enabled, routes: routeStages(ctx), ...(await inventory.read(from)) };
    };
    admin.get<{ Querystring: { since?: string } }>('/traffic', async (request, reply) => {
      try {
        const p = await parts(request.query.since);
        reply.header('cache-control', 'no-store');
        return trafficAnswer([p]);
      } catch (err) {
        return sendError(reply, err);
      }
    });
    admin.get<{ Querystring: { since?: string } }>('/traffic/parts', async (request, reply) => {
      try {
        reply.header('cache-control', 'no-store');
        return await parts(request.query.since);
      } catch (err) {
        return sendError(reply, err);
      }
    });
  };
}

/**
 * `GET /traffic`'s answer from one or more processes' parts (a fleet's workers): stored minutes counted once, each
 * process's own added, then summarised with the first answer's routes.
 */
export function trafficAnswer(parts: readonly TrafficPartsAnswer[]): TrafficSummary & { enabled: boolean } {
  const first = parts[0];
  if (first === undefined) throw new Error('trafficAnswer needs at least one answer');
  return { enabled: first.enabled, ...summarise(combineParts(parts), first.routes, { since: first.since - (first.since % MINUTE_MS), store: first.store }) };
}

/** `since` (a duration back from now) as epoch ms; STRANGLER_INVENTORY_BAD_QUERY (400) when it is not one. */
export function sinceOf(text: string | undefined, now = Date.now()): number {
  try {
    return now - parseWindow(text ?? DEFAULT_TRAFFIC_WINDOW, 'since');
  } catch (err) {
    throw new InventoryError(INVENTORY_ERROR_CODES.badQuery, (err as Error).message, { statusCode: 400, cause: err });
  }
}

/** Each plan route with its stage now: the resolver's (flags, pins) when it reports them, else the plan's. */
export function routeStages(ctx: Pick<AdminContext, 'loaded' | 'resolver'>): { id: string; stage: string }[] {
  const reported = new Map((ctx.resolver.routeStages?.() ?? []).map((info) => [info.route, info.stage]));
  return ctx.loaded.plan.routes.map((r) => ({ id: r.id, stage: reported.get(r.id) ?? r.stage }));
}

function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  if (isStranglerError(err)) return replyWithError(reply, err);
  throw err;
}
