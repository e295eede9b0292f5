import type { SecureContextOptions } from 'node:tls';
import type { Worker } from 'node:cluster';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { adminFastify } from '../admin/server.js';
import { internalError, isStranglerError, replyWithError } from '../errors/index.js';
import { FlagsError } from '../flags/errors.js';
import { PromotionError } from '../promotion/errors.js';
import { ClusterError, CLUSTER_ERROR_CODES } from './errors.js';
import { mergeRoutes, mergeStats, type RoutesAnswer } from './merge.js';
import { trafficAnswer, type TrafficPartsAnswer } from '../admin/inventory.js';
import type { ReplyMessage } from './messages.js';
import type { Supervisor } from './supervisor.js';

export interface FleetAdminOptions {
  supervisor: Supervisor;
  /** How many workers the fleet should have (`/readyz`, `/healthz`). */
  workers: number;
  logger: Logger;
  /** The plan's admin token (`admin.tokenEnv`), checked here; undefined: none (loopback only). */
  token: string | undefined;
  https?: SecureContextOptions;
  draining(): boolean;
}

/**
 * The admin API of `strangler proxy --workers N`, served by the primary on the plan's admin address. The workers
 * bind no admin listener: the primary asks them over IPC (their admin API through `inject`), so there are no
 * private ports to allocate, guard or leak, and the channel only the primary can write to is the trust boundary.
 * - `/metrics`: prom-client's cluster aggregation (`AggregatorRegistry.aggregate`) of every listening worker's
 *   registry (counters and histograms summed, per metric `aggregator` otherwise);
 * - `/routes`, `/stats`: every worker's answer, merged (./merge.ts);
 * - `/traffic`: every worker's inventory parts (`/traffic/parts`), the store's minutes counted once, summarised;
 * - `POST`/`DELETE /routes/:id/pin`: applied on one worker (which validates and audit-logs it), then on the others
 *   with audit off, before the answer; remembered for workers forked later;
 * - `POST /routes/:id/promote`: run by one worker (it writes the flags file every worker watches, the audit line and
 *   the store event once; proxy/admin/promotion.ts);
 * - `/readyz`: ready when not draining, at least one worker is listening, and every listening worker is ready;
 * - any other GET (the dashboard page, `/shadow/report`, `/routes/:id/gates`): answered by one worker.
 */
export function createFleetAdmin(options: FleetAdminOptions): FastifyInstance {
  const { supervisor, token } = options;

  const admin = adminFastify(options.logger, token, options.https);

  admin.setErrorHandler((err: unknown, request, reply) => {
    if (isStranglerError(err)) return replyWithError(reply, err);
    const status = (err as { statusCode?: number }).statusCode;
    // fastify's own client errors (a body that is not JSON): the route's own code, as a single proxy answers them.
    if (status !== undefined && status >= 400 && status < 500) {
      const message = (err as Error).message;
      const options = { statusCode: status, cause: err };
      return replyWithError(
        reply,
        request.url.split('?')[0]!.endsWith('/promote')
          ? new PromotionError('STRANGLER_PROMOTE_INVALID', message, options)
          : new FlagsError('STRANGLER_FLAGS_PIN_INVALID', message, options),
      );
    }
    options.logger.error({ err }, 'fleet admin request failed');
    return replyWithError(reply, internalError('internal error', err));
  });
  const live = (): Worker[] => {
    const workers = supervisor.live();
    if (workers.length === 0)
      throw new ClusterError(CLUSTER_ERROR_CODES.noWorkers, 'no worker is listening (all are restarting); try again shortly', { statusCode: 503 });
    return workers;
  };
  const askAll = (request: FastifyRequest): Promise<ReplyMessage[]> => Promise.all(live().map((w) => supervisor.ask(w, adminRequest(request))));

  admin.get('/healthz', async () => ({ status: 'ok', details: { workers: { listening: supervisor.live().length, expected: options.workers } } }));

  admin.get('/readyz', async (request, reply) => {
    const workers = supervisor.live();
    const answers = await Promise.all(
      workers.map(async (w) => ({ pid: w.process.pid, reply: await supervisor.ask(w, adminRequest(request)).catch(() => undefined) })),
    );
    const reports = answers.map((a) => ({
      pid: a.pid,
      ...(a.reply === undefined || (a.reply.status !== 200 && a.reply.status !== 503)
        ? { ready: false, status: 'not answering' }
        : (JSON.parse(a.reply.body) as { ready: boolean; status: string })),
    }));
    const draining = options.draining();
    const ready = !draining && reports.length > 0 && reports.every((r) => r.ready);
    const status = !ready ? 'not ready' : reports.some((r) => r.status === 'degraded') ? 'degraded' : 'ready';
    return reply.code(ready ? 200 : 503).send({ ready, status, draining, workers: { listening: workers.length, expected: options.workers, reports } });
  });

  admin.get('/metrics', async (_request, reply) => {
    // prom-client's own cluster requests (`clusterMetrics`) go to every connected worker, a starting one too, which
    // has no registry yet and leaves the scrape waiting 5 s: ask the listening workers, then aggregate the same way.
    const answers = await Promise.all(live().map((w) => supervisor.ask(w, { type: 'strangler:metrics' })));
    const failed = answers.find((a) => a.status !== 200);
    if (failed !== undefined) return relay(reply, failed);
    const registry = AggregatorRegistry.aggregate(answers.map((a) => JSON.parse(a.body) as MetricObjectWithValues<MetricValue<string>>[]));
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });

  admin.get('/routes', async (request, reply) => {
    const answers = await askAll(request);
    const failed = answers.find((a) => a.status !== 200);
    if (failed !== undefined) return relay(reply, failed);
    return mergeRoutes(answers.map((a) => JSON.parse(a.body) as RoutesAnswer));
  });

  admin.get('/stats', async (request, reply) => {
    const answers = await askAll(request);
    const failed = answers.find((a) => a.status !== 200);
    if (failed !== undefined) return relay(reply, failed);
    reply.header('cache-control', 'no-store');
    return mergeStats(answers.map((a) => JSON.parse(a.body)));
  });

  admin.get('/traffic', async (request, reply) => {
    const url = request.url.replace(/^\/traffic(?=\?|$)/, '/traffic/parts');
    const answers = await Promise.all(live().map((w) => supervisor.ask(w, { ...adminRequest(request), url })));
    const failed = answers.find((a) => a.status !== 200);
    if (failed !== undefined) return relay(reply, failed);
    reply.header('cache-control', 'no-store');
    return { ...trafficAnswer(answers.map((a) => JSON.parse(a.body) as TrafficPartsAnswer)), workers: answers.length };
  });

  const pinRoute = (op: 'pin' | 'unpin') => async (request: FastifyRequest<{ Params: { id: string }; Body: unknown }>, reply: FastifyReply) => {
    const body = request.body !== null && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};
    const route = request.params.id;
    const [leader, ...followers] = live();
    const message = { type: 'strangler:pin' as const, op, route, stage: body.stage, reason: body.reason };
    // One worker takes the admin call as a single proxy would (it validates it, writes the audit line and records it
    // in the shadow store's events); the others apply it silently, so the fleet logs it once.
    const first = await supervisor.ask(leader!, {
      ...adminRequest(request),
      method: op === 'pin' ? 'POST' : 'DELETE',
      headers: { ...adminRequest(request).headers, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    if (first.status !== 200) return relay(reply, first);
    const rest = await Promise.all(
      followers.map((w) =>
        supervisor.ask(w, { ...message, audit: false }).then(
          (r) => ({ w, r }),
          (err: unknown) => ({ w, r: undefined, err }),
        ),
      ),
    );
    const failed = rest.filter((x) => x.r?.status !== 200);
    if (failed.length > 0) {
      const pids = failed.map((x) => x.w.process.pid);
      options.logger.error({ event: 'pin.fanout', route, op, failedPids: pids }, 'pin not applied on every worker');
      throw new ClusterError(CLUSTER_ERROR_CODES.fanOut, `the ${op} applied on some workers but failed on pid ${pids.join(', ')}; retry it`, {
        statusCode: 500,
      });
    }
    const state = JSON.parse(first.body) as { pin?: { stage: string; reason: string } };
    if (op === 'pin' && state.pin !== undefined) supervisor.pins.set(route, { route, stage: state.pin.stage, reason: state.pin.reason });
    if (op === 'unpin') supervisor.pins.delete(route);
    return relay(reply, first);
  };
  admin.post<{ Params: { id: string }; Body: unknown }>('/routes/:id/pin', pinRoute('pin'));
  admin.delete<{ Params: { id: string }; Body: unknown }>('/routes/:id/pin', pinRoute('unpin'));

  // A promotion changes the flags file (or answers the change to make) once: every worker follows the file.
  admin.post<{ Params: { id: string }; Body: unknown }>('/routes/:id/promote', async (request, reply) =>
    relay(
      reply,
      await supervisor.ask(live()[0]!, {
        ...adminRequest(request),
        method: 'POST',
        headers: { ...adminRequest(request).headers, 'content-type': 'application/json' },
        payload: JSON.stringify(request.body ?? {}),
      }),
    ),
  );

  // Everything else a worker's admin API serves (the dashboard page, reports, gates): one worker answers.
  const forward = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> =>
    relay(reply, await supervisor.ask(live()[0]!, adminRequest(request)));
  // The dashboard's page shell holds no data: public, as on a single proxy (proxy/dashboard).
  admin.get('/', { config: { public: true } }, forward);
  admin.get('*', forward);

  return admin;
}

function adminRequest(request: FastifyRequest): { type: 'strangler:admin'; method: 'GET' | 'POST' | 'DELETE'; url: string; headers: Record<string, string> } {
  // The primary checked the token; the worker checks it again with the same secret from the same environment.
  const auth = request.headers.authorization;
  return { type: 'strangler:admin', method: 'GET', url: request.url, headers: auth === undefined ? {} : { authorization: auth } };
}

function relay(reply: FastifyReply, answer: ReplyMessage): FastifyReply {
  return reply.code(answer.status).headers(answer.headers).send(answer.body);
}
