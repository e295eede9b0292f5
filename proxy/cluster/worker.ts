import cluster from 'node:cluster';
import { internalError, isStranglerError } from '../errors/index.js';
import { FlagStageResolver } from '../flags/stage-resolver.js';
import type { Proxy } from '../server/create.js';
import {
  isMessage,
  PINS_ENV,
  type AdminRequestMessage,
  type FleetPin,
  type ListeningMessage,
  type MetricsRequestMessage,
  type PinMessage,
  type ReplyMessage,
  type RolledBackMessage,
} from './messages.js';

/**
 * Makes a listening-to-be proxy a cluster worker: the fleet's pins are applied before the first request, and the
 * primary's questions are answered over IPC: admin requests through `admin.inject`, metrics as prom-client's JSON
 * (the primary aggregates them, ./fleet-admin.ts). Call before `proxy.listen({ admin: false })`; returns
 * what to call once listening. The IPC channel is the trust boundary: only the primary can write to it.
 * @example
 *   const worker = joinCluster(proxy);
 *   worker.listening(await proxy.listen({ admin: false }));
 */
export function joinCluster(proxy: Proxy, env: NodeJS.ProcessEnv = process.env): { listening(addresses: { url: string }): void; close(): void } {
  for (const pin of fleetPins(env[PINS_ENV])) {
    try {
      if (proxy.resolver instanceof FlagStageResolver) proxy.resolver.pin(pin.route, pin.stage, pin.reason, { audit: false });
    } catch (err) {
      // A pin for a route this plan no longer has: the reload that removed it dropped it on the other workers too.
      proxy.logger.warn({ err, route: pin.route }, 'fleet pin not applied');
    }
  }
  const onMessage = (message: unknown): void => {
    if (isMessage<AdminRequestMessage>(message, 'strangler:admin')) void answerAdmin(proxy, message);
    else if (isMessage<MetricsRequestMessage>(message, 'strangler:metrics')) void answerMetrics(proxy, message);
    else if (isMessage<PinMessage>(message, 'strangler:pin')) answerPin(proxy, message);
  };
  process.on('message', onMessage);
  return {
    listening(addresses) {
      send({ type: 'strangler:listening', url: addresses.url } satisfies ListeningMessage);
    },
    close() {
      process.off('message', onMessage);
      // The IPC channel holds the process open while anything listens on it: let go of it, the servers are closed.
      cluster.worker?.disconnect();
    },
  };
}

/**
 * What `createPlanProxy`'s `onRollbackPin` calls in a worker: the primary pins the route on the other workers, so
 * an automatic rollback on one worker takes the route back to `shadow` for the whole fleet (audit-logged once, here).
 */
export function reportRollbackPin(route: string, stage: string, reason: string): void {
  send({ type: 'strangler:rolled-back', route, stage, reason } satisfies RolledBackMessage);
}

async function answerAdmin(proxy: Proxy, message: AdminRequestMessage): Promise<void> {
  try {
    const res = await proxy.admin.inject({
      method: message.method,
      url: message.url,
      headers: message.headers,
      ...(message.payload === undefined ? {} : { payload: message.payload }),
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (typeof value === 'string' && !FRAMING.has(name)) headers[name] = value;
    }
    reply(message.id, res.statusCode, headers, res.body);
  } catch (err) {
    proxy.logger.error({ err, url: message.url }, 'admin request from the cluster primary failed');
    reply(message.id, 500, JSON_TYPE, JSON.stringify(internalError('internal error').toJSON()));
  }
}

async function answerMetrics(proxy: Proxy, message: MetricsRequestMessage): Promise<void> {
  try {
    reply(message.id, 200, JSON_TYPE, JSON.stringify(await proxy.metrics.getMetricsAsJSON()));
  } catch (err) {
    proxy.logger.error({ err }, 'metrics for the cluster primary failed');
    reply(message.id, 500, JSON_TYPE, JSON.stringify(internalError('internal error').toJSON()));
  }
}

function answerPin(proxy: Proxy, message: PinMessage): void {
  const resolver = proxy.resolver;
  try {
    if (!(resolver instanceof FlagStageResolver)) throw new Error('this proxy has no pin support');
    const reason = message.reason;
    const body =
      message.op === 'pin'
        ? resolver.pin(message.route, message.stage, reason, { audit: message.audit })
        : resolver.unpin(message.route, typeof reason === 'string' ? reason : undefined, { audit: message.audit });
    reply(message.id, 200, JSON_TYPE, JSON.stringify(body));
  } catch (err) {
    if (isStranglerError(err)) return reply(message.id, err.statusCode ?? 500, JSON_TYPE, JSON.stringify(err.toJSON()));
    proxy.logger.error({ err, route: message.route }, 'pin from the cluster primary failed');
    reply(message.id, 500, JSON_TYPE, JSON.stringify(internalError('internal error').toJSON()));
  }
}

/** Set again by the primary's own listener for the body it sends. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

function reply(id: number, status: number, headers: Record<string, string>, body: string): void {
  send({ type: 'strangler:reply', id, status, headers, body } satisfies ReplyMessage);
}

function send(message: ListeningMessage | ReplyMessage | RolledBackMessage): void {
  // The channel is gone when the primary died: the worker is about to be stopped by node (cluster disconnect).
  if (process.connected) process.send?.(message);
}

function fleetPins(raw: string | undefined): FleetPin[] {
  if (raw === undefined || raw === '') return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as FleetPin[]) : [];
  } catch {
    return [];
  }
}
