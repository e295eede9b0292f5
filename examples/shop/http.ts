import type { ErrorRequestHandler, Request, RequestHandler } from 'express';

/**
 * What the shop's routers share: its error type, the JSON error body, query and body readers that turn bad input
 * into a 400 naming the field, and cookie parsing (the shop needs one cookie; no cookie-parser dependency).
 */

/** An error answered as `{ "error": { "code", "message", "field"? } }` with its status. */
export class ShopError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ShopError';
  }
}

/** A 400 about one input field. */
export function badRequest(field: string, message: string): ShopError {
  return new ShopError(400, 'VALIDATION_FAILED', `${field}: ${message}`, field);
}

export function notFound(message: string): ShopError {
  return new ShopError(404, 'NOT_FOUND', message);
}

/** A request that is well-formed but out of order (e.g. a shipping label before the address is validated). */
export function conflict(message: string): ShopError {
  return new ShopError(409, 'CONFLICT', message);
}

/** Current time; injectable so tests can pin timestamps. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** One query parameter as a string; a repeated parameter (`?page=1&page=2`) is a 400, not a silent pick. */
export function queryString(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(name, 'must be given once, as a plain value');
  return value;
}

/** An integer query parameter in [min, max]. */
export function queryInt(req: Request, name: string, min: number, max: number): number | undefined {
  const raw = queryString(req, name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw badRequest(name, `must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw badRequest(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** A route parameter that is a positive integer id (`/products/7`). */
export function idParam(req: Request, name: string): number {
  const value: unknown = req.params[name];
  const raw = typeof value === 'string' ? value : '';
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw badRequest(name, `must be a positive integer, got "${raw}"`);
  return Number(raw);
}

/** The JSON body as an object (express.json() leaves `undefined` when there is no JSON body). */
export function jsonBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined || body === null) throw badRequest('body', 'expected a JSON object (Content-Type: application/json)');
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('body', 'expected a JSON object');
  return body as Record<string, unknown>;
}

/** A cookie of the request (RFC 6265 §5.4 `Cookie: a=b; c=d`). */
export function cookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}

/** Unknown paths: a JSON 404 like every other error of the shop. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound(`no route for ${req.method} ${req.path}`));
};

/**
 * The shop's error handler: ShopError → its status; a body express.json() could not parse → 400; a body over the
 * limit → 413; anything else → 500 (logged, message hidden).
 */
export const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const e = err as { status?: number; type?: string; message?: string };
  let error: ShopError;
  if (err instanceof ShopError) error = err;
  else if (e.type === 'entity.parse.failed') error = new ShopError(400, 'MALFORMED_JSON', `body: malformed JSON (${e.message ?? 'parse error'})`, 'body');
  else if (e.type === 'entity.too.large') error = new ShopError(413, 'BODY_TOO_LARGE', 'body: too large');
  else if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    error = new ShopError(415, 'UNSUPPORTED_ENCODING', e.message ?? 'unsupported encoding');
  else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) error = new ShopError(e.status, 'BAD_REQUEST', e.message ?? 'bad request');
  else {
    console.error('shop: unhandled error', err);
    error = new ShopError(500, 'INTERNAL', 'internal error');
  }
  res.status(error.status).json({ error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } });
};
