import { ShadowError, SHADOW_ERROR_CODES } from '../errors.js';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A report window's length, `90s`, `30m`, `1h` or `7d`, in milliseconds. `where` names the flag or query
 * parameter in the error (STRANGLER_SHADOW_BAD_QUERY, 400 on the admin API).
 * @example
 *   const since = Date.now() - parseWindow('1h', '--since');
 */
export function parseWindow(text: string, where: string): number {
  const m = /^(\d{1,6})([smhd])$/.exec(text.trim());
  const ms = m === null ? 0 : Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms <= 0) {
    throw new ShadowError(SHADOW_ERROR_CODES.badQuery, `${where} must be a duration: a whole number with s, m, h or d, e.g. 90s, 30m, 1h, 7d (got "${text}")`, {
      statusCode: 400,
    });
  }
  return ms;
}
