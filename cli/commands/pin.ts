import { FlagsError } from '../../proxy/flags/errors.js';
import { loadPlanFile } from '../../proxy/plan/index.js';
import { isStage, STAGES } from '../../proxy/stages/plan.js';
import { parseCommandArgs, UsageError, type Command, type CommandIO } from '../command.js';
import { adminBaseUrl, adminTokenOf, AdminUnreachable, adminUrl, requestAdmin } from '../admin-api.js';

/** How long the CLI waits for the admin API. */
export const ADMIN_REQUEST_TIMEOUT_MS = 10_000;

const COMMON_HELP = `  --plan FILE    the migration plan: gives the admin address and admin.tokenEnv (the bearer token's
                 environment variable)
  --admin URL    the admin API of the instance to change (default: from the plan's admin section)`;

export const pin: Command = {
  name: 'pin',
  summary: "kill switch: pin a route's stage on a running proxy, overriding its flag",
  help: `Usage: strangler pin ROUTE STAGE --reason TEXT [--plan FILE] [--admin URL]

Calls POST /routes/ROUTE/pin on a running proxy's admin API: the route serves STAGE on that instance
until \`strangler unpin\`, whatever its flag says. The pin and its reason go into the audit log.
STAGE is one of ${STAGES.join(', ')}. Pins live in memory, per instance: pin every replica.

  --reason TEXT  why (required; audit log)
${COMMON_HELP}

Example:
  strangler pin checkout off --reason "INC-1234: 5xx from the function" --plan shop.yaml`,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, { reason: { type: 'string' }, plan: { type: 'string' }, admin: { type: 'string' } });
    if (positionals.length !== 2) throw new UsageError('expected ROUTE and STAGE');
    const [route, stage] = positionals as [string, string];
    if (!isStage(stage)) throw new UsageError(`STAGE must be one of ${STAGES.join(', ')} (got "${stage}")`);
    if (values.reason === undefined || values.reason.trim() === '') throw new UsageError('--reason TEXT is required (it goes into the audit log)');
    const state = await callAdmin('POST', route, { stage, reason: values.reason }, values);
    io.out(`${route}: pinned to ${stage} on ${state.admin} (${values.reason.trim()})\n`);
    return 0;
  },
};

export const unpin: Command = {
  name: 'unpin',
  summary: 'remove a pin: the route follows its flag again',
  help: `Usage: strangler unpin ROUTE [--reason TEXT] [--plan FILE] [--admin URL]

Calls DELETE /routes/ROUTE/pin on a running proxy's admin API and prints the pin it took off and the
stage now ("unpinned on URL (was pinned to shadow: REASON); now live (flag)"). Unpinning a route that is
not pinned is not an error: it prints "was not pinned on URL; stage …".

  --reason TEXT  why (optional; audit log)
${COMMON_HELP}

Example:
  strangler unpin checkout --plan shop.yaml`,
  async run(args, io: CommandIO) {
    const { positionals, values } = parseCommandArgs(args, { reason: { type: 'string' }, plan: { type: 'string' }, admin: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('expected ROUTE');
    const route = positionals[0]!;
    const state = await callAdmin('DELETE', route, values.reason === undefined ? {} : { reason: values.reason }, values);
    const now = `${String(state.body.stage)} (${String(state.body.source)})`;
    // The DELETE answer's `removed` is the pin taken off, null when there was none (older proxies omit it).
    const removed = state.body.removed as { stage?: unknown; reason?: unknown } | null | undefined;
    if (removed === null) io.out(`${route}: was not pinned on ${state.admin}; stage ${now}\n`);
    else if (removed === undefined) io.out(`${route}: no pin on ${state.admin} now; stage ${now}\n`);
    else io.out(`${route}: unpinned on ${state.admin} (was pinned to ${String(removed.stage)}: ${String(removed.reason)}); now ${now}\n`);
    return 0;
  },
};

async function callAdmin(
  method: 'POST' | 'DELETE',
  route: string,
  body: Record<string, unknown>,
  options: { plan?: string; admin?: string },
): Promise<{ admin: string; body: Record<string, unknown> }> {
  if (options.plan === undefined && options.admin === undefined) throw new UsageError('give --plan FILE or --admin URL');
  const loaded = options.plan === undefined ? undefined : loadPlanFile(options.plan);
  const base = adminBaseUrl(loaded, options.admin);
  const token = adminTokenOf(loaded, (message) => new FlagsError('STRANGLER_FLAGS_ADMIN_REQUEST_FAILED', message));
  const url = adminUrl(base, `routes/${encodeURIComponent(route)}/pin`);
  let res;
  try {
    res = await requestAdmin(url, { method, token, body, timeoutMs: ADMIN_REQUEST_TIMEOUT_MS });
  } catch (err) {
    if (!(err instanceof AdminUnreachable)) throw err;
    throw new FlagsError('STRANGLER_FLAGS_ADMIN_REQUEST_FAILED', `${method} ${url.href}: cannot reach the admin API (${err.why})`, { cause: err });
  }
  if (!res.ok) {
    const detail = res.error ? `${res.error.code}: ${res.error.message}` : res.text.slice(0, 200);
    throw new FlagsError('STRANGLER_FLAGS_ADMIN_REQUEST_FAILED', `${method} ${url.href}: HTTP ${res.status}: ${detail}`);
  }
  const parsed = typeof res.json === 'object' && res.json !== null ? (res.json as Record<string, unknown>) : {};
  return { admin: base.origin, body: parsed };
}
