import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { LDMultiKindContext } from '@launchdarkly/node-server-sdk';
import type { StageRequest } from '../stages/resolver.js';
import { REQUEST_CONTEXT_KIND, type AnonymousInput, type ContextConfig, type ContextKeyConfig } from '../schemas/flags.js';

/**
 * The LaunchDarkly context of one request: a multi-kind context with
 * - the end user (`user`, or the configured kind), keyed from the configured header/cookie/claim, or — without
 *   one — by a stable anonymous key, so the same client stays on the same side of a percentage rollout;
 * - `request`, keyed by the route id, with `route`, `method` and `path` attributes for targeting rules
 *   ("POST /orders goes to the function first").
 * https://docs.launchdarkly.com/home/observability/multi-contexts
 *
 * @example
 *   const build = contextBuilder(plan.flags.context);
 *   client.migrationVariation(flagKey, build('orders', request), 'off');
 */
export function contextBuilder(config: ContextConfig): (routeId: string, request: StageRequest) => LDMultiKindContext {
  const readKey = config.key ? keyReader(config.key) : () => undefined;
  const anonymousInputs = config.anonymous.from;
  const kind = config.kind;
  return (routeId, request) => {
    const key = readKey(request.headers);
    const user = key !== undefined ? { key } : { key: anonymousKey(anonymousInputs, request), anonymous: true };
    return {
      kind: 'multi',
      [kind]: user,
      [REQUEST_CONTEXT_KIND]: { key: routeId, route: routeId, method: request.method, path: request.path },
    } as LDMultiKindContext;
  };
}

/**
 * SHA-256 of the configured inputs, hex. The same client (address + browser) always maps to the same key, on
 * every replica and after restarts; the key reveals neither input.
 */
export function anonymousKey(inputs: readonly AnonymousInput[], request: Pick<StageRequest, 'ip' | 'headers'>): string {
  const hash = createHash('sha256');
  for (const input of inputs) {
    const value = input === 'ip' ? request.ip : headerValue(request.headers, input === 'user-agent' ? 'user-agent' : input.header);
    // A separator that cannot occur in the values keeps ("a", "bc") and ("ab", "c") apart.
    hash.update(value ?? '').update('\u0000');
  }
  return `anon-${hash.digest('hex').slice(0, 32)}`;
}

function keyReader(config: ContextKeyConfig): (headers: IncomingHttpHeaders) => string | undefined {
  switch (config.from) {
    case 'header':
      return (headers) => nonEmpty(headerValue(headers, config.name));
    case 'cookie':
      return (headers) => nonEmpty(cookieValue(headers, config.name));
    case 'claim': {
      const path = config.claim.split('.');
      const tokenOf = config.cookie
        ? (headers: IncomingHttpHeaders) => cookieValue(headers, config.cookie!)
        : (headers: IncomingHttpHeaders) => headerValue(headers, config.header ?? 'authorization');
      return (headers) => {
        const token = tokenOf(headers);
        return token === undefined ? undefined : jwtClaim(token, path);
      };
    }
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** A header's value; repeated headers (Node joins most with ", ", keeps some as arrays) use the first. */
function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (Array.isArray(value)) return value[0];
  return value;
}

/** RFC 6265 §5.4 cookie-string: `a=1; b=2`. Values may be quoted; percent-decoding is applied when valid. */
export function cookieValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const header = headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

/**
 * A claim from a JWT's payload (RFC 7519 §7.2 step 7–10, without signature verification: see the schema's
 * note). Strings and numbers become the key; anything else (or a malformed token) counts as "no key".
 */
export function jwtClaim(token: string, path: readonly string[]): string | undefined {
  const jwt = token.startsWith('Bearer ') || token.startsWith('bearer ') ? token.slice(7).trim() : token.trim();
  const payload = jwt.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    let value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    for (const part of path) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return undefined;
  } catch {
    return undefined;
  }
}
