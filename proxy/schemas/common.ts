import { z } from 'zod';

/** HTTP methods a route may match. Upper case, as on the wire (RFC 9110 §9.1: methods are case-sensitive). */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'] as const;
export const MethodSchema = z.enum(HTTP_METHODS);
export type HttpMethod = z.infer<typeof MethodSchema>;

/** An absolute http(s) URL. */
export const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' });

/** A TCP port; 0 asks the OS for a free one (tests do this). */
export const PortSchema = z.int().min(0).max(65535);

/** A duration in milliseconds. */
export const MillisSchema = z.int().positive();

/** A ratio between 0 and 1 inclusive (rates, percentages as fractions). */
export const RatioSchema = z.number().min(0).max(1);

/**
 * How route paths compare by default: Express's defaults (`caseSensitive: false`, `strict: false`), the usual
 * monolith framework's behaviour (https://expressjs.com/en/api.html#express.router).
 */
export const DEFAULT_CASE_SENSITIVE = false;
export const DEFAULT_TRAILING_SLASH = 'ignore';
