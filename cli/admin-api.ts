import type { LoadedPlan } from '../proxy/plan/index.js';
import { UsageError } from './command.js';

/**
 * How the commands that talk to a running proxy (`pin`, `unpin`, `report --admin`, `status`) reach its admin API:
 * one address rule and one request function; each command turns failures into its own coded error.
 */

/**
 * The admin API's base URL: `--admin URL` when given, else the plan's `admin` address (a wildcard bind is asked on
 * loopback). Usage errors for a URL that is not http(s) and for a plan whose admin port is 0 (not knowable).
 */
export function adminBaseUrl(loaded: Pick<LoadedPlan, 'plan' | 'file'> | undefined, admin: string | undefined): URL {
  if (admin !== undefined) {
    try {
      const url = new URL(admin);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
      return url;
    } catch {
      throw new UsageError(`--admin must be an http(s) URL such as http://127.0.0.1:9901 (got "${admin}")`);
    }
  }
  if (loaded === undefined) throw new UsageError('give --plan FILE or --admin URL');
  const { host, port } = loaded.plan.admin;
  if (port === 0) throw new UsageError(`${loaded.file}: admin.port is 0 (a random port), so the address is not known: pass --admin URL`);
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  // With `admin.tls` the CLI trusts what node trusts: the system CAs plus NODE_EXTRA_CA_CERTS (for a private CA).
  const scheme = loaded.plan.admin.tls === undefined ? 'http' : 'https';
  return new URL(`${scheme}://${h.includes(':') ? `[${h}]` : h}:${port}`);
}

/**
 * The bearer token for the admin API: undefined when the plan names no `admin.tokenEnv` (or no plan is given);
 * throws what `unset` makes of the message when the variable it names is unset or empty.
 */
export function adminTokenOf(loaded: Pick<LoadedPlan, 'plan'> | undefined, unset: (message: string) => Error): string | undefined {
  const tokenEnv = loaded?.plan.admin.tokenEnv;
  if (tokenEnv === undefined) return undefined;
  const token = process.env[tokenEnv];
  if (!token) throw unset(`environment variable ${tokenEnv} (admin.tokenEnv) is not set: it must hold the admin token`);
  return token;
}

/** `path` (relative, e.g. `routes/a%2Fb/pin`) under the admin base URL, keeping a path prefix the URL may have. */
export function adminUrl(base: URL, path: string): URL {
  return new URL(path, base.href.endsWith('/') ? base : `${base.href}/`);
}

/** An admin API answer: status, raw text, parsed JSON (undefined when not JSON) and its `error` object, if any. */
export interface AdminAnswer {
  status: number;
  ok: boolean;
  text: string;
  json: unknown;
  error: { code?: string; message?: string } | undefined;
}

/** The admin API did not answer (connection refused, DNS, timeout); `why` is the short cause for messages. */
export class AdminUnreachable extends Error {
  constructor(
    readonly url: URL,
    readonly why: string,
    options: { cause: unknown },
  ) {
    super(`cannot reach the admin API at ${url.origin} (${why})`, options);
  }
}

/** One request to the admin API with the bearer token and a deadline. Throws AdminUnreachable when nothing answers. */
export async function requestAdmin(
  url: URL,
  options: { method?: 'GET' | 'POST' | 'DELETE'; token?: string | undefined; body?: unknown; timeoutMs: number },
): Promise<AdminAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new AdminUnreachable(url, cause?.code ?? cause?.message ?? (err as Error).message, { cause: err });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON (something else answering on that port?): callers report the raw text.
  }
  const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
  return { status: res.status, ok: res.ok, text, json, error: typeof error === 'object' && error !== null ? error : undefined };
}
