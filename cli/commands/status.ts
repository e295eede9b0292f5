import { AdminTokenEmptyError } from '../../proxy/admin/errors.js';
import { DashboardError, DASHBOARD_ERROR_CODES } from '../../proxy/dashboard/errors.js';
import { buildOverview, formatOverview, type RoutesDocument } from '../../proxy/dashboard/overview.js';
import { loadPlanFile, type LoadedPlan } from '../../proxy/plan/index.js';
import type { ShadowReport } from '../../proxy/shadow/report/build.js';
import type { WindowStats } from '../../proxy/stats/window.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { adminBaseUrl, AdminUnreachable, requestAdmin } from '../admin-api.js';

/** How long `strangler status` waits for each admin API call. */
export const STATUS_TIMEOUT_MS = 10_000;

export const status: Command = {
  name: 'status',
  summary: "the running proxy's migration overview: stage, traffic split, match rate, latency, fallbacks, errors per route",
  help: `Usage: strangler status --plan FILE [--admin URL] [--json]

Asks a running proxy's admin API (/routes, /stats, /shadow/report) and prints one line per route:
  STAGE, SOURCE     the stage serving now and where it comes from (static, flag, pin, default)
  REQS, SPLIT M/L % requests in the last 5 minutes and the share the monolith / the Lambda served
  MATCH (N)         shadow match rate and the number of comparisons
  MONO / LAMBDA     p50/p99 latency in ms of the requests each side served (last 5 minutes)
  FALLBACK, ERRORS  share of Lambda-bound requests that fell back; share of requests that failed (5xx)
  BREAKER, COLD     circuit-breaker state and Lambda cold-start rate, when the proxy reports them
"–" means no data.

  --plan FILE   the migration plan (required): the admin address, and admin.tokenEnv for the token
  --admin URL   the admin API to ask (default: http://<admin.host>:<admin.port> from the plan)
  --json        the joined overview as JSON

Exit codes: 0 ok, 1 the admin API is unreachable or refuses, 2 usage.

Examples:
  strangler status --plan migration-plans/shop.yaml
  strangler status --plan shop.yaml --admin http://10.0.0.5:9901 --json`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { plan: { type: 'string' }, admin: { type: 'string' }, json: { type: 'boolean' } }, false);
    if (values.plan === undefined) throw new UsageError('--plan FILE is required');
    const loaded = loadPlanFile(values.plan);
    const base = adminBase(loaded, values.admin);
    const token = adminTokenFor(loaded);
    const [routes, stats, shadow] = await Promise.all([
      adminGet<RoutesDocument>(base, '/routes', token, loaded, (b) => Array.isArray((b as RoutesDocument).routes)),
      adminGet<WindowStats>(base, '/stats', token, loaded, (b) => Array.isArray((b as WindowStats).routes), true),
      adminGet<ShadowReport>(base, '/shadow/report?samples=0', token, loaded, (b) => Array.isArray((b as ShadowReport).routes), true),
    ]);
    const overview = buildOverview(routes!, stats, shadow);
    io.out(values.json ? `${JSON.stringify(overview, null, 2)}\n` : formatOverview(overview));
    return 0;
  },
};

/** The admin API's base URL: `--admin`, or the plan's admin address (cli/admin-api.ts). */
export const adminBase = adminBaseUrl;

/** The token from the variable the plan's `admin.tokenEnv` names (undefined when the plan sets none). */
function adminTokenFor(loaded: LoadedPlan): string | undefined {
  const name = loaded.plan.admin.tokenEnv;
  if (name === undefined) return undefined;
  const token = process.env[name];
  if (token === undefined || token.trim() === '') {
    // The same error the proxy gives at start-up for the same mistake.
    throw new AdminTokenEmptyError(name);
  }
  return token;
}

/**
 * GET one admin document. `optional`: a 404 means the proxy does not offer it (an older or bare proxy) and gives
 * null. Unreachable, refused (401/403) and unexpected answers throw coded errors.
 */
async function adminGet<T>(
  base: URL,
  path: string,
  token: string | undefined,
  loaded: LoadedPlan,
  valid: (body: unknown) => boolean,
  optional = false,
): Promise<T | null> {
  const url = new URL(path, base);
  let res;
  try {
    res = await requestAdmin(url, { token, timeoutMs: STATUS_TIMEOUT_MS });
  } catch (err) {
    if (!(err instanceof AdminUnreachable)) throw err;
    throw new DashboardError(
      DASHBOARD_ERROR_CODES.adminUnreachable,
      `${err.message}: is the proxy running? (address from ${loaded.file} admin.host/port, or --admin)`,
      { cause: err },
    );
  }
  const { json: body, error } = res;
  if (res.status === 401 || res.status === 403) {
    const hint =
      loaded.plan.admin.tokenEnv === undefined ? 'the plan sets no admin.tokenEnv, but the proxy wants a token' : `check ${loaded.plan.admin.tokenEnv}`;
    throw new DashboardError(
      DASHBOARD_ERROR_CODES.adminRefused,
      `${url.origin}${url.pathname} refused the request (${res.status}${error?.code ? ` ${error.code}` : ''}): ${hint}`,
    );
  }
  if (res.status === 404 && optional) return null;
  if (!res.ok || body === undefined || !valid(body)) {
    throw new DashboardError(
      DASHBOARD_ERROR_CODES.adminBadResponse,
      `${url.origin}${url.pathname} answered ${res.status}${error?.message ? `: ${error.message}` : ''}, not a strangler admin document (is --admin the proxy's admin listener?)`,
    );
  }
  return body as T;
}
