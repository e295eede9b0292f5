import { AdapterError, AdapterErrorCode } from '../errors.js';
import type { RawHeaders } from './http.js';

/** Throws `STRANGLER_ADAPTER_BAD_EVENT` naming the field. */
export function badEvent(message: string): never {
  throw new AdapterError(AdapterErrorCode.BAD_EVENT, `bad event: ${message}`);
}

/** An event's body as bytes; `undefined` when there is none. */
export function decodeEventBody(body: unknown, isBase64Encoded: unknown): Buffer | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body !== 'string') badEvent(`body must be a string or null, got ${typeof body}`);
  return Buffer.from(body, isBase64Encoded === true ? 'base64' : 'utf8');
}

/** True when the source saw plain HTTP (`x-forwarded-proto: http`, ALB HTTP listeners); API Gateway is HTTPS only. */
export function sourceIsHttp(raw: RawHeaders): boolean {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 17 && name.toLowerCase() === 'x-forwarded-proto') return raw[i + 1]!.trim().toLowerCase() === 'http';
  }
  return false;
}
