import { loadPlanFile } from '../../proxy/plan/index.js';
import { ShadowError, SHADOW_ERROR_CODES } from '../../proxy/shadow/errors.js';
import { adminBaseUrl, adminTokenOf, AdminUnreachable, adminUrl, requestAdmin } from '../admin-api.js';
import { who, writeAudit } from '../audit.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';

/** How long the CLI waits for the admin API. */
export const ADMIN_RESET_TIMEOUT_MS = 10_000;

export const shadowReset: Command = {
  name: 'shadow reset',
  summary: "forget a route's shadow results on a running proxy, so its gates judge only what comes next",
  help: `Usage: strangler shadow reset ROUTE [--reason TEXT] [--plan FILE] [--admin URL]

Calls POST /shadow/routes/ROUTE/reset on a running proxy's admin API: the route's comparisons, errors,
skips, latency, differing fields, samples and learned noise are deleted from that instance's results
store; its events (rollbacks, promotions) stay, and the reset is recorded as one. Use it after fixing a
route's compare rules, so \`strangler report\` and \`strangler promote\` judge the comparisons that follow.
The proxy logs an audit line (event shadow_reset); with --plan the reset is also appended to
.strangler/audit.jsonl next to the plan. Each replica has its own store: reset every replica.

  --reason TEXT  why (audit log)
  --plan FILE    the migration plan: gives the admin address and admin.tokenEnv (the bearer token's
                 environment variable)
  --admin URL    the admin API of the instance (default: from the plan's admin section)

Example:
  strangler shadow reset products --reason "ignore rule for updatedAt fixed" --plan shop.yaml`,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, { reason: { type: 'string' }, plan: { type: 'string' }, admin: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one ROUTE');
    const route = positionals[0]!;
    if (values.plan === undefined && values.admin === undefined) throw new UsageError('give --plan FILE or --admin URL');
    const loaded = values.plan === undefined ? undefined : loadPlanFile(values.plan);
    const base = adminBaseUrl(loaded, values.admin);
    const token = adminTokenOf(loaded, (message) => new ShadowError(SHADOW_ERROR_CODES.adminUnreachable, message));
    const url = adminUrl(base, `shadow/routes/${encodeURIComponent(route)}/reset`);
    const reason = values.reason?.trim() || undefined;
    let res;
    try {
      res = await requestAdmin(url, { method: 'POST', token, body: reason === undefined ? {} : { reason }, timeoutMs: ADMIN_RESET_TIMEOUT_MS });
    } catch (err) {
      if (!(err instanceof AdminUnreachable)) throw err;
      throw new ShadowError(SHADOW_ERROR_CODES.adminUnreachable, `POST ${url.href}: cannot reach the admin API (${err.why})`, { cause: err });
    }
    if (!res.ok) {
      // The proxy's own answer (unknown route, with the closest id) is passed on with its code.
      if (res.error?.code === SHADOW_ERROR_CODES.unknownRoute)
        throw new ShadowError(SHADOW_ERROR_CODES.unknownRoute, res.error.message ?? `no route "${route}"`);
      const detail = res.error ? `${res.error.code}: ${res.error.message}` : res.text.slice(0, 200);
      throw new ShadowError(SHADOW_ERROR_CODES.adminUnreachable, `POST ${url.href}: HTTP ${res.status}: ${detail}`);
    }
    const body = (typeof res.json === 'object' && res.json !== null ? res.json : {}) as { discarded?: { compared?: number }; at?: string };
    const discarded = body.discarded?.compared ?? 0;
    io.out(`${route}: shadow results reset on ${base.origin} (${discarded} comparisons discarded)\n`);
    if (loaded !== undefined) {
      writeAudit(
        loaded,
        { at: body.at ?? new Date().toISOString(), event: 'shadow-reset', route, admin: base.origin, discarded, user: who(), ...(reason ? { reason } : {}) },
        io,
      );
    }
    return 0;
  },
};
