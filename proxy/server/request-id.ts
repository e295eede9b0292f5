import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * A client's `x-request-id` is kept when it looks like an id (1-200 visible ASCII characters, no spaces), so a
 * request can be traced across systems; anything else (missing, too long, control characters, repeated) is
 * replaced with a new UUID rather than forwarded into logs and the monolith.
 */
const VALID_ID = /^[\x21-\x7e]{1,200}$/;

/** The request id of a request: its valid `x-request-id`, or a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && VALID_ID.test(given) ? given : randomUUID();
}
