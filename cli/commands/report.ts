import { loadPlanFile, type LoadedPlan } from '../../proxy/plan/index.js';
import { ShadowError, SHADOW_ERROR_CODES } from '../../proxy/shadow/errors.js';
import { formatReport, localReport, parseWindow, type RouteReport, type ShadowReport } from '../../proxy/shadow/report/index.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { adminBaseUrl, AdminUnreachable, requestAdmin } from '../admin-api.js';

/** How long the CLI waits for the admin API. */
export const ADMIN_REPORT_TIMEOUT_MS = 10_000;

export const report: Command = {
  name: 'report',
  summary: 'shadow comparison report per route (match rate, differing fields, latency, gates); --fail-under for CI',
  help: `Usage: strangler report --plan FILE [--route ID] [--json] [--fail-under RATIO] [--min-samples N]
                        [--store FILE]... [--admin URL] [--samples N] [--since DURATION]

Reads the shadow results and prints, per route: match rate, comparisons, shadow errors, skipped
shadows, latency of both sides (p50/p95/p99), the top differing fields with counts, one example diff,
learned noise as ignore rules to review, automatic rollbacks, and the gate of the next stage.

  --plan FILE        the migration plan (required): routes, rules, gates, and where the store is
  --route ID         only this route
  --json             the JSON document GET /shadow/report returns
  --fail-under RATIO exit 1 when a route's match rate is below RATIO (0-1); routes without comparisons
                     do not fail unless --min-samples says so
  --min-samples N    with --fail-under: also fail routes with fewer than N comparisons
  --store FILE       read this store file instead of the plan's (repeat it to sum several replicas)
  --admin URL        ask a running proxy's admin API instead (token from the plan's admin.tokenEnv)
  --samples N        mismatch samples per route in --json output (default 5)
  --since DURATION   only results of the last DURATION: 90s, 30m, 1h, 7d (counts are kept per hour, so
                     the window starts at the whole hour that contains now - DURATION)

Exit codes: 0 ok, 1 a route is under --fail-under (or an error), 2 usage.

Examples:
  strangler report --plan shop.yaml
  strangler report --plan shop.yaml --route products --json
  strangler report --plan shop.yaml --fail-under 0.99 --min-samples 100
  strangler report --plan shop.yaml --since 1h`,
  async run(args, io) {
    const { values } = parseCommandArgs(
      args,
      {
        plan: { type: 'string' },
        route: { type: 'string' },
        json: { type: 'boolean' },
        'fail-under': { type: 'string' },
        'min-samples': { type: 'string' },
        store: { type: 'string', multiple: true },
        admin: { type: 'string' },
        samples: { type: 'string' },
        since: { type: 'string' },
      },
      false,
    );
    if (values.plan === undefined) throw new UsageError('--plan FILE is required');
    const failUnder = values['fail-under'] === undefined ? undefined : ratio(values['fail-under']);
    const minSamples = values['min-samples'] === undefined ? undefined : count('--min-samples', values['min-samples']);
    if (minSamples !== undefined && failUnder === undefined) throw new UsageError('--min-samples needs --fail-under');
    const samples = values.samples === undefined ? undefined : count('--samples', values.samples, 100);
    if (values.admin !== undefined && values.store !== undefined) throw new UsageError('use either --store or --admin, not both');
    const window = values.since === undefined ? undefined : parseWindow(values.since, '--since');
    const loaded = loadPlanFile(values.plan);
    const result =
      values.admin !== undefined
        ? await adminReport(values.admin, loaded, values.route, samples, values.since)
        : await localReport(loaded, {
            stores: values.store ?? [],
            ...(values.route !== undefined ? { route: values.route } : {}),
            ...(samples !== undefined ? { samples } : {}),
            ...(window !== undefined ? { since: Date.now() - window } : {}),
          });

    io.out(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result));
    if (failUnder === undefined) return 0;
    const failing = result.routes.map((r) => failure(r, failUnder, minSamples ?? 0)).filter((f): f is string => f !== undefined);
    for (const f of failing) io.err(`FAIL ${f}\n`);
    return failing.length > 0 ? 1 : 0;
  },
};

/** Why a route fails `--fail-under`, or undefined. */
export function failure(r: RouteReport, failUnder: number, minSamples: number): string | undefined {
  if (r.compared < minSamples) return `${r.route}: ${r.compared} comparisons, fewer than --min-samples ${minSamples}`;
  if (r.matchRate !== null && r.matchRate < failUnder) {
    return `${r.route}: match rate ${(r.matchRate * 100).toFixed(2)}% is below --fail-under ${(failUnder * 100).toFixed(2)}% (${r.mismatched} of ${r.compared} mismatched)`;
  }
  return undefined;
}

function ratio(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--fail-under must be a ratio from 0 to 1, e.g. 0.99 (got "${text}")`);
  return n;
}

function count(flag: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > max)
    throw new UsageError(`${flag} must be a whole number from 0 to ${max === Number.MAX_SAFE_INTEGER ? 'any' : max} (got "${text}")`);
  return n;
}

/** GET /shadow/report from a running proxy, with the plan's admin token. */
export async function adminReport(
  admin: string,
  loaded: LoadedPlan,
  route: string | undefined,
  samples: number | undefined,
  since?: string,
): Promise<ShadowReport> {
  const url = new URL('/shadow/report', adminBaseUrl(loaded, admin));
  if (route !== undefined) url.searchParams.set('route', route);
  if (samples !== undefined) url.searchParams.set('samples', String(samples));
  // The proxy measures the window on its own clock.
  if (since !== undefined) url.searchParams.set('since', since);
  const tokenEnv = loaded.plan.admin.tokenEnv;
  let res;
  try {
    res = await requestAdmin(url, { token: tokenEnv !== undefined ? process.env[tokenEnv] || undefined : undefined, timeoutMs: ADMIN_REPORT_TIMEOUT_MS });
  } catch (err) {
    if (!(err instanceof AdminUnreachable)) throw err;
    throw new ShadowError(SHADOW_ERROR_CODES.adminUnreachable, err.message, { cause: err });
  }
  const { json: body, error } = res;
  if (!res.ok) {
    if (error?.code === SHADOW_ERROR_CODES.unknownRoute) throw new ShadowError(SHADOW_ERROR_CODES.unknownRoute, error.message ?? `unknown route ${route}`);
    throw new ShadowError(SHADOW_ERROR_CODES.adminUnreachable, `${url.href} answered ${res.status}${error?.message ? `: ${error.message}` : ''}`);
  }
  if (body === undefined || typeof body !== 'object' || body === null || !Array.isArray((body as ShadowReport).routes)) {
    throw new ShadowError(SHADOW_ERROR_CODES.adminUnreachable, `${url.href} did not answer a shadow report (is it a strangler admin API with shadowing?)`);
  }
  return body as ShadowReport;
}
