import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { LoadedPlan } from '../plan/load.js';
import type { Route } from '../plan/schema.js';
import type { Stage } from '../stages/plan.js';
import { resolveGates, type GatedStage } from '../shadow/config.js';
import { ShadowError, SHADOW_ERROR_CODES } from '../shadow/errors.js';
import type { RouteReport } from '../shadow/report/build.js';
import { appendAuditLine, auditFileOf, promotionEvent, type PromotionAuditEntry } from './audit.js';
import { PROMOTION_ERROR_CODES } from './errors.js';
import { changeStage, type FlagFileChange, type LaunchDarklyChange, type StaticChange } from './flag-change.js';
import { checkGate, type GateResult } from '../shadow/gates.js';
import { prewarm, prewarmFailureLines, type PrewarmReport } from './prewarm.js';
import { currentStage, isGated } from './stage.js';

/** What to promote a route to (the CLI's flags, the admin API's JSON body). */
export interface PromotionRequest {
  route: string;
  to: Stage;
  /** Give `to` to this share of contexts only (0–100, three decimals; sticky). Default: everyone. */
  percent?: number | undefined;
  /** Promote although the gates (or the prewarm) fail; audit-logged with the failing reasons. */
  force?: boolean | undefined;
  reason?: string | undefined;
  /** The window the gates judged, as asked (`1h`), for the audit line; `results` applies it. */
  since?: string | undefined;
  /** Invoke the route's function this many times at once with the warm-up event before the stage changes. */
  prewarm?: number | undefined;
}

/** What a promotion needs from where it runs (the CLI, or a proxy's admin API). */
export interface PromotionContext {
  loaded: LoadedPlan;
  /** The route's shadow results, for its gate; asked only when the move is gated. */
  results(route: string): Promise<Pick<RouteReport, 'compared' | 'matchRate' | 'shadowErrorRate' | 'latency'> | undefined>;
  /** Who asks (the audit line's `user`). */
  user: string;
  /** Keeps the promotion among the shadow store's events; best effort (the audit file has it anyway). */
  recordEvent?(event: ReturnType<typeof promotionEvent>): void | Promise<void>;
  /** The client prewarming invokes with. Default: one built from the plan's `lambda` section. */
  lambdaClient?: LambdaClient;
  now?: () => number;
}

interface PromotionBase {
  route: string;
  /** The stage before, in words (null: not readable here, as with LaunchDarkly flags). */
  from: string | null;
  to: Stage;
  percent?: number;
  /** The gate checked (null: the move is not gated). */
  gate: GateResult | null;
  prewarm?: PrewarmReport;
}

/** The audit line written (`file` null when writing it failed: `auditError` says why; the change still stands). */
export interface PromotionAudit {
  entry: PromotionAuditEntry;
  file: string | null;
  auditError?: string;
}

export type PromotionResult =
  /** Nothing changed: the gates or the prewarm failed (`error.code` says which), `reasons` lists why. */
  | (PromotionBase & { outcome: 'refused'; reasons: string[]; error: { code: string; message: string } })
  /** The flags file was written. */
  | (PromotionBase & { outcome: 'promoted'; forced: boolean; forcedReasons: string[]; change: FlagFileChange; audit: PromotionAudit })
  /** LaunchDarkly or static stages: `change` is what to change there; nothing was changed here. */
  | (PromotionBase & { outcome: 'change-to-make'; forced: boolean; forcedReasons: string[]; change: LaunchDarklyChange | StaticChange; audit: PromotionAudit });

/**
 * Promotes a route: reads where it is (./stage.ts), checks the target stage's gate against its shadow results when
 * the move is forward (moving back is never gated), prewarms its function when asked, changes the stage through the
 * plan's flag source (./flag-change.ts) and writes the audit line (`.strangler/audit.jsonl`) and the store event.
 * Refusals are results; bad input and impossible changes throw coded errors: STRANGLER_SHADOW_UNKNOWN_ROUTE (404),
 * STRANGLER_PROMOTE_INVALID (400), STRANGLER_PROMOTE_UNSUPPORTED (409), the flags file's STRANGLER_FLAGS_*.
 * @example
 *   const result = await promote({ route: 'products', to: 'live', percent: 10 }, { loaded, user: 'ana', results: (id) => report(id) });
 *   if (result.outcome === 'refused') console.error(result.reasons);
 */
export async function promote(request: PromotionRequest, ctx: PromotionContext): Promise<PromotionResult> {
  const { loaded } = ctx;
  const route = routeOf(loaded, request.route);
  const { to, percent } = request;
  const current = currentStage(loaded, route);
  const from = current?.text ?? null;
  const base: PromotionBase = { route: route.id, from, to, ...(percent !== undefined ? { percent } : {}), gate: null };

  if (isGated(to, current)) base.gate = await gateFor(ctx, route, to as GatedStage);
  const forcedReasons: string[] = [];
  if (base.gate !== null && !base.gate.pass) {
    if (!request.force)
      return refused(base, PROMOTION_ERROR_CODES.gatesFailed, `${route.id} cannot enter ${to}${from ? ` (now ${from})` : ''}`, base.gate.reasons);
    forcedReasons.push(...base.gate.reasons);
  }
  if (request.prewarm !== undefined) {
    base.prewarm = await prewarm(route, request.prewarm, { lambda: loaded.plan.lambda, ...(ctx.lambdaClient ? { client: ctx.lambdaClient } : {}) });
    if (base.prewarm.failed > 0) {
      const reasons = prewarmFailureLines(base.prewarm).map((l) => `prewarm: ${l}`);
      if (!request.force)
        return refused(
          base,
          PROMOTION_ERROR_CODES.prewarmFailed,
          `${base.prewarm.failed} of ${base.prewarm.requested} warm-up invocations of ${route.function.name} failed`,
          reasons,
        );
      forcedReasons.push(...reasons);
    }
  }

  const change = changeStage(loaded, route, to, percent, current);
  const entry = auditEntry(request, base, forcedReasons, ctx);
  const audit = writeAuditLine(loaded, entry);
  try {
    await ctx.recordEvent?.(promotionEvent(entry));
  } catch {
    // No store yet (a route promoted without gates): the audit file has it.
  }
  const forced = forcedReasons.length > 0;
  return change.source === 'file'
    ? { ...base, outcome: 'promoted', forced, forcedReasons, change, audit }
    : { ...base, outcome: 'change-to-make', forced, forcedReasons, change, audit };
}

/** The plan's route; STRANGLER_SHADOW_UNKNOWN_ROUTE (404) names the plan's routes otherwise. */
export function routeOf(loaded: LoadedPlan, id: string): Route {
  const route = loaded.plan.routes.find((r) => r.id === id);
  if (route) return route;
  const known = loaded.plan.routes.map((r) => r.id).join(', ') || '(none)';
  throw new ShadowError(SHADOW_ERROR_CODES.unknownRoute, `${loaded.file}: no route "${id}" (routes: ${known})`, { statusCode: 404 });
}

async function gateFor(ctx: PromotionContext, route: Route, to: GatedStage): Promise<GateResult> {
  const stats = await ctx.results(route.id);
  const gates = resolveGates(ctx.loaded.plan.shadow, route);
  return checkGate(to, gates[to], {
    compared: stats?.compared ?? 0,
    matchRate: stats?.matchRate ?? null,
    shadowErrorRate: stats?.shadowErrorRate ?? null,
    p99: { monolith: stats?.latency.monolith.p99 ?? null, lambda: stats?.latency.lambda.p99 ?? null },
  });
}

function refused(base: PromotionBase, code: string, message: string, reasons: string[]): PromotionResult {
  return { ...base, outcome: 'refused', reasons, error: { code, message } };
}

function auditEntry(request: PromotionRequest, base: PromotionBase, forcedReasons: string[], ctx: PromotionContext): PromotionAuditEntry {
  const p = base.prewarm;
  return {
    at: new Date((ctx.now ?? Date.now)()).toISOString(),
    event: forcedReasons.length > 0 ? 'promote-forced' : 'promote',
    route: base.route,
    from: base.from,
    to: base.to,
    ...(base.percent !== undefined ? { percent: base.percent } : {}),
    user: ctx.user,
    ...(request.reason !== undefined ? { reason: request.reason } : {}),
    gate: base.gate === null ? 'not gated' : base.gate.pass ? 'pass' : 'fail',
    ...(request.since !== undefined ? { since: request.since } : {}),
    ...(forcedReasons.length > 0 ? { failedChecks: forcedReasons } : {}),
    ...(p !== undefined ? { prewarm: { requested: p.requested, invoked: p.invoked, coldStarts: p.coldStarts, failed: p.failed } } : {}),
  };
}

/** A failure to write the audit file is reported, not fatal: the stage has already changed. */
function writeAuditLine(loaded: LoadedPlan, entry: PromotionAuditEntry): PromotionAudit {
  try {
    return { entry, file: appendAuditLine(loaded.dir, entry) };
  } catch (err) {
    return { entry, file: null, auditError: `could not write the audit log ${auditFileOf(loaded.dir)}: ${(err as Error).message}` };
  }
}
