import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Plan } from '../plan/schema.js';
import { AdminTokenEmptyError, AdminTokenRequiredError } from './errors.js';

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 (also IPv4-mapped), `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * The admin token from `admin.tokenEnv`, or undefined when none is configured. Refuses (throws a coded error) an
 * admin API reachable from other machines without a token, and a configured token variable that is empty.
 */
export function adminToken(admin: Plan['admin'], env: NodeJS.ProcessEnv): string | undefined {
  if (admin.tokenEnv === undefined) {
    if (!isLoopbackHost(admin.host)) throw new AdminTokenRequiredError(admin.host);
    return undefined;
  }
  const token = env[admin.tokenEnv];
  if (token === undefined || token.trim() === '') throw new AdminTokenEmptyError(admin.tokenEnv);
  return token;
}

/**
 * Checks an `Authorization` header against the token in constant time: both sides are hashed first, so neither
 * the comparison time nor an early length mismatch tells anything about the token.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (header === undefined) return false;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  const given = createHash('sha256')
    .update(match?.[1] ?? '')
    .digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected) && match !== null;
}
