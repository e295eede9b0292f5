import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { StranglerError } from '../errors/index.js';
import { connectionTokens, hasNoBody } from '../http/headers.js';
import { NO_STAGE, UNMATCHED_ROUTE } from '../metrics/index.js';
import { ConnectUnsupportedError, ShuttingDownError, UpgradeUnsupportedError } from './errors.js';
import type { CurrentGeneration } from './handler.js';
import { admitRequest } from './inbound.js';
import { writeRawError } from '../http/raw-error.js';
import { refuseOnSocket } from './reject.js';
import { requestIdOf } from './request-id.js';
import { PathInvalidError } from '../routing/path.js';
import { normaliseRequestTarget } from '../routing/request-target.js';

export interface UpgradeState extends CurrentGeneration {
  /** Upgraded client connections, destroyed when the shutdown grace period ends. */
  upgraded: Set<Duplex>;
  /** Runs a request through the normal pipeline (fastify's routing): used for upgrades that are not WebSocket. */
  route(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * Node hands every request carrying `Connection: upgrade` to the server's `upgrade` listeners. WebSocket
 * handshakes pass the front door (./inbound.ts) and are forwarded to the monolith (always: a WebSocket cannot be served by a Lambda function) and, once
 * upgraded, the two connections are piped. Any other upgrade (`h2c`, which `curl --http2` offers on plain http) is
 * declined the way RFC 9110 §7.8 allows, by answering as if the header were absent: the request runs through the
 * normal pipeline.
 */
export function handleUpgrade(state: UpgradeState, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const protocol = String(req.headers.upgrade ?? '').toLowerCase();
  if (protocol !== 'websocket' || req.method !== 'GET') {
    declineUpgrade(state, req, socket, head, protocol);
    return;
  }
  const gen = state.current;
  const { services } = gen;
  const id = requestIdOf(req);
  const admission = admitRequest(req, id);
  if (admission.rejected !== undefined) {
    refuseOnSocket(services, socket, admission.rejected, { requestId: id, method: req.method ?? null, url: req.url ?? null });
    return;
  }
  if (admission.stripped !== undefined) services.metrics.stripped(admission.stripped);
  const started = performance.now();
  try {
    normaliseRequestTarget(req, gen.plan.routing);
  } catch (err) {
    if (!(err instanceof PathInvalidError)) throw err;
    socket.on('error', () => socket.destroy());
    writeRawError(socket, err, ['x-request-id', id]);
    services.logger.warn(
      { routeId: null, status: 400, requestId: id, method: req.method, path: (req.url ?? '').split('?')[0], upgrade: 'websocket', errorCode: err.code },
      'request',
    );
    return;
  }
  const match = gen.router.match(req.method, req.url ?? '/');
  const route = match?.route ?? null;
  const stage = route?.stage ?? null;
  let finished = false;
  const responseHeaders = (): string[] => {
    const out = ['x-request-id', id];
    if (gen.plan.server.responseHeaders) {
      if (route !== null) out.push('x-strangler-route', route.id);
      out.push('x-strangler-served-by', 'monolith');
    }
    return out;
  };
  const done = (status: number, error?: StranglerError): void => {
    if (finished) return;
    finished = true;
    const durationMs = performance.now() - started;
    services.metrics.request(route?.id ?? UNMATCHED_ROUTE, stage ?? NO_STAGE, 'monolith', status, durationMs / 1000);
    const url = req.url ?? '';
    const q = url.indexOf('?');
    services.logger[error ? 'warn' : 'info'](
      {
        routeId: route?.id ?? null,
        // WebSockets always go to the monolith; the plan stage is reported without asking the resolver.
        stage,
        stageSource: route ? 'static' : null,
        servedBy: 'monolith',
        status,
        durationMs: Math.round(durationMs * 100) / 100,
        requestId: id,
        method: req.method,
        path: q === -1 ? url : url.slice(0, q),
        upgrade: 'websocket',
        ...(error ? { errorCode: error.code } : {}),
        ...(admission.stripped !== undefined ? { strippedHeaders: admission.stripped } : {}),
      },
      'request',
    );
    services.inventory?.request({ req, route, servedBy: 'monolith', sentHeaders: undefined }, status, durationMs, true);
    if (status === 101) {
      state.upgraded.add(socket);
      socket.once('close', () => state.upgraded.delete(socket));
    }
  };
  socket.on('error', () => socket.destroy());
  if (services.draining) {
    const error = new ShuttingDownError();
    writeRawError(socket, error, responseHeaders());
    done(503, error);
    return;
  }
  gen.targets.monolith.upgrade(req, socket, head, { requestId: id, responseHeaders, done });
}

function declineUpgrade(state: UpgradeState, req: IncomingMessage, socket: Duplex, head: Buffer, protocol: string): void {
  if (!hasNoBody(req.headers)) {
    // Node stopped parsing at the head: a body after it cannot be read as this request's.
    refuseOnSocket(state.current.services, socket, new UpgradeUnsupportedError(protocol), {
      requestId: requestIdOf(req),
      method: req.method ?? null,
      url: req.url ?? null,
    });
    return;
  }
  delete req.headers.upgrade;
  const tokens = connectionTokens(req.headers.connection).filter((t) => t !== 'upgrade' && !t.startsWith('http2-settings'));
  if (tokens.length > 0) req.headers.connection = tokens.join(', ');
  else delete req.headers.connection;
  delete req.headers['http2-settings'];
  if (head.length > 0) socket.unshift(head);
  // One response on this connection, then close it: node's parser has let go of the socket.
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket as Socket);
  res.once('finish', () => {
    res.detachSocket(socket as Socket);
    socket.end();
  });
  socket.once('close', () => {
    if (!res.writableFinished) res.destroy();
  });
  state.route(req, res);
}

/**
 * `CONNECT` (a tunnel through a forward proxy) has no meaning for a reverse proxy: node hands it to the server's
 * `connect` listeners instead of the request pipeline, and without one it drops the connection unanswered. The
 * client gets a clear 405 with the methods that are served, and the attempt is logged.
 */
export function handleConnect(state: CurrentGeneration, req: IncomingMessage, socket: Duplex, allowed: readonly string[]): void {
  refuseOnSocket(state.current.services, socket, new ConnectUnsupportedError(), { requestId: requestIdOf(req), method: 'CONNECT', url: req.url ?? '' }, [
    'allow',
    allowed.join(', '),
  ]);
}
