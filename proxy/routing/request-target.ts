import type { IncomingMessage } from 'node:http';
import { normaliseTarget, type PathOptions } from './path.js';

/** Where the client's target as received is kept when normalisation changed it (for the request log). */
export const kOriginalUrl = Symbol('strangler.originalUrl');

/** A request carrying its target as received. */
export interface OriginalUrlCarrier {
  [kOriginalUrl]?: string;
}

/**
 * Normalises the request's target once, before routing (../routing/path.ts), and writes it back to `req.url`:
 * everything after this (the route match, the stage decision, the monolith's request line, the Lambda event's
 * `rawPath`, shadow calls, second writes, spans) reads the same origin-form path. An absolute-form target's
 * authority replaces the Host header, as RFC 9112 §3.2.2 asks of a proxy
 * (https://www.rfc-editor.org/rfc/rfc9112#section-3.2.2).
 * @throws PathInvalidError (400) for a target the proxy refuses to route.
 */
export function normaliseRequestTarget(req: IncomingMessage & OriginalUrlCarrier, options: PathOptions): void {
  const received = req.url ?? '/';
  const target = normaliseTarget(received, options);
  if (target.url === received) return;
  req[kOriginalUrl] = received;
  req.url = target.url;
  if (target.authority !== undefined) {
    req.headers.host = target.authority;
    const raw = req.rawHeaders;
    let found = false;
    for (let i = 0; i < raw.length; i += 2) {
      if (raw[i]!.length === 4 && raw[i]!.toLowerCase() === 'host') {
        raw[i + 1] = target.authority;
        found = true;
      }
    }
    if (!found) raw.push('Host', target.authority);
  }
}

/** The target as the client sent it, when it differs from `req.url` (logged as `originalPath`, query left out). */
export function originalPath(req: IncomingMessage & OriginalUrlCarrier): string | undefined {
  const url = req[kOriginalUrl];
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
