import type { onSendHookHandler } from 'fastify';
import type { BreakerRegistry } from './breaker.js';

/** Stages served by the function: their routes have a breaker (closed until it first opens). */
const LAMBDA_STAGES = new Set(['live', 'rampdown', 'complete']);

/**
 * Adds each route's circuit breaker state (`breaker`: closed, open, half-open) to the rows of the admin API's
 * `GET /routes`, for routes served by their function now or since start (others have no breaker and no field). Registered by createProxy as an `onSend` hook,
 * so the admin server's own code stays unaware of breakers.
 */
export function breakerRowsHook(breakers: BreakerRegistry): onSendHookHandler {
  return async (request, reply, payload) => {
    if (request.routeOptions.url !== '/routes' || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    try {
      const body = JSON.parse(payload) as { routes?: Array<Record<string, unknown>> };
      if (!Array.isArray(body.routes)) return payload;
      for (const row of body.routes) {
        const state = breakers.state(String(row.id)) ?? (LAMBDA_STAGES.has(String(row.stage)) ? 'closed' : undefined);
        if (state !== undefined) row.breaker = state;
      }
      return JSON.stringify(body);
    } catch {
      return payload;
    }
  };
}
