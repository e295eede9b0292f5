import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { bearerMatches } from './auth.js';
import { AdminUnauthorizedError } from './errors.js';
import { internalError, isStranglerError, replyWithError } from '../errors/index.js';
import { FlagsError } from '../flags/errors.js';
import type { FlagStageResolver } from '../flags/stage-resolver.js';

export interface FlagsAdminOptions {
  /**
   * Bearer token required on these routes. Leave unset on the proxy's admin server (`adminPlugins`): its token
   * check is a root hook that already guards these routes. Set it to use the plugin on another fastify server.
   */
  token?: string;
}

/** The kill switch: the resolver's own pins (one instance), or FleetPins (every replica of a shared store). */
export interface PinSwitch {
  pin(...args: Parameters<FlagStageResolver['pin']>): ReturnType<FlagStageResolver['pin']> | Promise<ReturnType<FlagStageResolver['pin']>>;
  unpin(...args: Parameters<FlagStageResolver['unpin']>): ReturnType<FlagStageResolver['unpin']> | Promise<ReturnType<FlagStageResolver['unpin']>>;
}

/**
 * The kill switch on the admin API:
 * - `POST /routes/:id/pin` `{ "stage": "off", "reason": "INC-1234" }` pins the route's stage on this instance,
 *   overriding its flag, and answers the route's new state (with a shared results store: on every replica, see
 *   ./fleet-pins.ts);
 * - `DELETE /routes/:id/pin` (optional `{ "reason": … }`) removes the pin (idempotent); the answer's `removed` is the pin
 *   taken off (`{ stage, reason, at }`), or null when the route was not pinned.
 * Errors answer `{ "error": { "code", "message" } }`: 400 STRANGLER_FLAGS_PIN_INVALID, 404 STRANGLER_FLAGS_UNKNOWN_ROUTE.
 * @example
 *   admin.register(flagsAdminPlugin(resolver));
 */
export function flagsAdminPlugin(resolver: PinSwitch, options: FlagsAdminOptions = {}): FastifyPluginAsync {
  return async (app) => {
    app.setErrorHandler((err: unknown, _request, reply) => sendError(reply, err));
    const token = options.token;
    if (token !== undefined) {
      app.addHook('onRequest', async (request, reply) => {
        if (!bearerMatches(request.headers.authorization, token)) {
          reply.header('www-authenticate', 'Bearer');
          return sendError(reply, new AdminUnauthorizedError());
        }
      });
    }

    app.post<{ Params: { id: string }; Body: unknown }>('/routes/:id/pin', async (request, reply) => {
      const body = objectBody(request.body);
      return reply.send(await resolver.pin(request.params.id, body.stage, body.reason));
    });

    app.delete<{ Params: { id: string }; Body: unknown }>('/routes/:id/pin', async (request, reply) => {
      const reason = objectBody(request.body).reason;
      return reply.send(await resolver.unpin(request.params.id, typeof reason === 'string' ? reason : undefined));
    });
  };
}

function objectBody(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  if (isStranglerError(err)) return replyWithError(reply, err);
  // fastify's own client errors (bad JSON, wrong content type) keep their status; anything else is ours.
  const status = (err as { statusCode?: number }).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return replyWithError(reply, new FlagsError('STRANGLER_FLAGS_PIN_INVALID', (err as Error).message, { statusCode: status, cause: err }));
  }
  return replyWithError(reply, internalError('internal error', err));
}
