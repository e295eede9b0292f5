import type { LDClient, LDContext, LDEvaluationDetail, LDMigrationStage, LDMigrationTracker } from '@launchdarkly/node-server-sdk';
import type { Route } from '../plan/schema.js';
import type { RequestOutcome, RouteStageInfo, StageDecision, StageRequest, StageResolver } from '../stages/resolver.js';
import { isSafeMethod, isStage, type Stage } from '../stages/plan.js';
import { FlagsError } from './errors.js';
import { summarizeFlag, type FlagConfig } from './flag-file.js';
import type { FlagsLogger } from './logger.js';
import { flagKeyOf } from '../schemas/flags.js';
import type { FlagStore } from './store.js';

/** What caused a stage change, in audit lines. */
export type StageChangeSource = 'flag' | 'pin' | 'unpin' | 'plan' | 'default';

/** One audit log line (`event: 'stage_change'`), as logged. */
export interface StageChange {
  event: 'stage_change';
  route: string;
  oldStage: string;
  newStage: string;
  source: StageChangeSource;
  reason: string;
  flag?: string;
  flagVersion?: number;
  /** A flag change on a pinned route: requests keep the pinned stage until unpinned. */
  pinned?: boolean;
}

export interface Pin {
  stage: Stage;
  reason: string;
  at: string;
}

/** The flag-driven part of the resolver: present for `file` and `launchdarkly` sources. */
export interface FlagEngine {
  client: LDClient;
  store: FlagStore;
  buildContext: (routeId: string, request: StageRequest) => LDContext;
  /** Evaluation details captured by the SDK hook, per context object (see `detailHook`). */
  details: WeakMap<object, LDEvaluationDetail>;
  /** Record migration op events with `trackMigration`. */
  events: boolean;
  /** `flags file /x/flags.json` or `LaunchDarkly`: where flag changes come from, for audit reasons. */
  label: string;
}

/** The per-request token `complete` gets back: the SDK's migration tracker and the operation kind. */
class MigrationToken {
  constructor(
    readonly tracker: LDMigrationTracker,
    readonly op: 'read' | 'write',
  ) {}
}

/**
 * Route stages from the plan, a flag source, and admin pins (kill switch), with an audit line for every change.
 * Pins win over flags; flags win over the plan's static stage, which stays the default whenever a flag cannot be
 * evaluated. Build one with `createStageResolver`.
 */
export class FlagStageResolver implements StageResolver {
  private routes = new Map<string, Route>();
  private readonly pins = new Map<string, Pin>();
  /** The last underlying (unpinned) stage seen per route: what an audit line's `oldStage` compares against. */
  private readonly seen = new Map<string, RouteStageInfo>();
  private readonly logger: FlagsLogger;
  private readonly engine: FlagEngine | undefined;
  private warnedEvaluation = false;
  /** Until `started()`: flags arriving during start-up set the baseline instead of logging changes. */
  private starting = true;

  constructor(routes: Route[], options: { logger: FlagsLogger; engine?: FlagEngine }) {
    this.logger = options.logger;
    this.engine = options.engine;
    this.routes = new Map(routes.map((r) => [r.id, r]));
    for (const route of routes) this.seen.set(route.id, this.underlying(route));
  }

  decide(route: Route, request: StageRequest): StageDecision | Promise<StageDecision> {
    const pin = this.pins.get(route.id);
    if (pin) return { stage: pin.stage, source: 'pin', reason: pin.reason };
    if (!this.engine) return { stage: route.stage, source: 'static' };
    if (!this.engine.client.initialized()) return { stage: route.stage, source: 'default', reason: 'flags not loaded' };
    return this.evaluate(this.engine, route, request);
  }

  private async evaluate(engine: FlagEngine, route: Route, request: StageRequest): Promise<StageDecision> {
    const key = flagKeyOf(route);
    try {
      const context = engine.buildContext(route.id, request);
      const { value, tracker } = await engine.client.migrationVariation(key, context, route.stage as LDMigrationStage);
      const detail = engine.details.get(context);
      const token = engine.events ? new MigrationToken(tracker, isSafeMethod(request.method) ? 'read' : 'write') : undefined;
      // The SDK answers the default for a missing flag, a wrong-type value (reason ERROR) or a flag that is off
      // without an off variation (no variation index): that is the plan's stage, not the flag's.
      if (detail && (detail.reason.kind === 'ERROR' || detail.variationIndex === null || detail.variationIndex === undefined)) {
        const why = detail.reason.kind === 'ERROR' ? String(detail.reason.errorKind ?? 'ERROR') : detail.reason.kind;
        return { stage: route.stage, source: 'default', reason: `flag ${key}: ${why}`, token };
      }
      return { stage: value, source: 'flag', token };
    } catch (err) {
      if (!this.warnedEvaluation) {
        this.warnedEvaluation = true;
        this.logger.error({ err, route: route.id, flag: key }, 'flag evaluation failed; using the default stage (logged once)');
      }
      return { stage: route.stage, source: 'default', reason: 'flag evaluation failed' };
    }
  }

  /**
   * Records a LaunchDarkly migration op event for a request that ran both sides: which ran, their latency and
   * errors, and the shadow comparison's verdict. https://docs.launchdarkly.com/sdk/features/migrations
   */
  complete(outcome: RequestOutcome): void {
    const token = outcome.decision.token;
    if (!(token instanceof MigrationToken) || !this.engine) return;
    if (new Set(outcome.sides.map((s) => s.side)).size < 2) return;
    try {
      const { tracker } = token;
      tracker.op(token.op);
      for (const side of outcome.sides) {
        const origin = side.side === 'monolith' ? 'old' : 'new';
        tracker.invoked(origin);
        tracker.latency(origin, side.latencyMs);
        if (side.error) tracker.error(origin);
      }
      const consistent = outcome.consistent;
      if (consistent !== undefined) tracker.consistency(() => consistent);
      const event = tracker.createEvent();
      if (event) this.engine.client.trackMigration(event);
    } catch (err) {
      this.logger.debug({ err, route: outcome.route.id }, 'could not record the migration op event');
    }
  }

  ready(): boolean {
    return this.engine ? this.engine.client.initialized() : true;
  }

  /**
   * Overrides the flag for `routeId` on this instance until `unpin`. Throws STRANGLER_FLAGS_UNKNOWN_ROUTE (404) or
   * STRANGLER_FLAGS_PIN_INVALID (400). `audit: false` applies a pin already audit-logged elsewhere (a cluster
   * primary fans one admin call out to every worker and has one of them log it).
   * @example
   *   resolver.pin('checkout', 'off', 'INC-1234: 5xx from the function');
   */
  pin(routeId: string, stage: unknown, reason: unknown, options: { audit?: boolean } = {}): RouteStageInfo {
    const route = this.route(routeId);
    if (!isStage(stage))
      throw new FlagsError(
        'STRANGLER_FLAGS_PIN_INVALID',
        `stage must be one of off, dualwrite, shadow, live, rampdown, complete (got ${JSON.stringify(stage)})`,
        { statusCode: 400 },
      );
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new FlagsError('STRANGLER_FLAGS_PIN_INVALID', 'reason is required (a non-empty string): it goes into the audit log', { statusCode: 400 });
    const old = this.effective(route);
    this.pins.set(routeId, { stage, reason: reason.trim(), at: new Date().toISOString() });
    if (options.audit !== false)
      this.audit({ event: 'stage_change', route: routeId, oldStage: old.stage, newStage: stage, source: 'pin', reason: reason.trim() });
    return this.effective(route);
  }

  /**
   * Removes the pin: the route follows its flag (or plan stage) again. Idempotent: `removed` is the pin taken off,
   * or null when the route was not pinned (the admin API's DELETE answer says so, and `strangler unpin` prints it).
   */
  unpin(routeId: string, reason?: string, options: { audit?: boolean } = {}): RouteStageInfo & { removed: Pin | null } {
    const route = this.route(routeId);
    const pin = this.pins.get(routeId);
    if (pin) {
      this.pins.delete(routeId);
      const now = this.underlying(route);
      this.seen.set(routeId, now);
      if (options.audit !== false)
        this.audit({
          event: 'stage_change',
          route: routeId,
          oldStage: pin.stage,
          newStage: now.stage,
          source: 'unpin',
          reason: reason?.trim() || `unpinned (pinned for: ${pin.reason})`,
          ...flagFields(now),
        });
    }
    return { ...this.effective(route), removed: pin === undefined ? null : { ...pin } };
  }

  /**
   * Takes the fleet's pins (from the shared results store, ./fleet-pins.ts) as this instance's: pins set or removed
   * on another replica apply here too. No audit line: the replica that took the pin logged it, so the audit log has
   * it once; an info line (`event: fleet_pin_applied` / `fleet_pin_removed`) says this replica follows. Pins of
   * routes this plan does not have are ignored. Returns the routes whose pin changed.
   */
  syncPins(fleet: readonly { route: string; stage: string; reason: string; at: string }[]): string[] {
    const changed: string[] = [];
    const wanted = new Map(fleet.filter((p) => this.routes.has(p.route) && isStage(p.stage)).map((p) => [p.route, p]));
    for (const [id, p] of wanted) {
      const have = this.pins.get(id);
      if (have && have.stage === p.stage && have.reason === p.reason && have.at === p.at) continue;
      this.pins.set(id, { stage: p.stage as Stage, reason: p.reason, at: p.at });
      changed.push(id);
      this.logger.info({ event: 'fleet_pin_applied', route: id, stage: p.stage, reason: p.reason, at: p.at }, `pin from the fleet: ${id} -> ${p.stage}`);
    }
    for (const id of [...this.pins.keys()]) {
      if (wanted.has(id)) continue;
      this.pins.delete(id);
      this.seen.set(id, this.underlying(this.route(id)));
      changed.push(id);
      this.logger.info({ event: 'fleet_pin_removed', route: id }, `unpinned by the fleet: ${id}`);
    }
    return changed;
  }

  routeStages(): RouteStageInfo[] {
    return [...this.routes.values()].map((r) => this.effective(r));
  }

  /** One route's current stage, or undefined for an unknown route id. */
  routeStage(routeId: string): RouteStageInfo | undefined {
    const route = this.routes.get(routeId);
    return route && this.effective(route);
  }

  updatePlan(routes: Route[]): void {
    this.routes = new Map(routes.map((r) => [r.id, r]));
    for (const id of [...this.pins.keys()]) {
      if (!this.routes.has(id)) {
        this.pins.delete(id);
        this.logger.warn({ route: id }, 'route removed from the plan: its pin is dropped');
      }
    }
    for (const id of [...this.seen.keys()]) if (!this.routes.has(id)) this.seen.delete(id);
    this.refresh('plan');
  }

  /**
   * Re-reads every route's flag and logs an audit line for each route whose stage changed. Called on SDK update
   * events, after each flags file load (which catches edits that did not bump `version`), and on plan reload.
   */
  refresh(cause: 'flag' | 'plan' = 'flag'): void {
    for (const route of this.routes.values()) {
      const now = this.underlying(route);
      const before = this.seen.get(route.id);
      this.seen.set(route.id, now);
      if (!before || this.starting) continue;
      // A new flag version serving the same split is not a stage change.
      if (before.stage === now.stage && before.source === now.source) continue;
      const source: StageChangeSource = cause === 'plan' ? 'plan' : now.source === 'default' ? 'default' : 'flag';
      const reason =
        cause === 'plan'
          ? 'plan reloaded'
          : now.source === 'flag'
            ? `${this.engine?.label ?? 'flags'}: ${now.flag} version ${now.flagVersion ?? '?'}`
            : (now.reason ?? 'flag unavailable');
      this.audit({
        event: 'stage_change',
        route: route.id,
        oldStage: before.stage,
        newStage: now.stage,
        source,
        reason,
        ...flagFields(now),
        ...(this.pins.has(route.id) ? { pinned: true } : {}),
      });
    }
  }

  /**
   * Ends start-up: the stages seen now are the baseline (one info line lists them); every change from here on is
   * an audit line, including flags that arrive only after the bounded start-up wait.
   */
  started(): void {
    this.starting = false;
    for (const route of this.routes.values()) this.seen.set(route.id, this.underlying(route));
    this.logger.info({ routes: this.routeStages().map(({ route, stage, source }) => ({ route, stage, source })) }, 'route stages at start-up');
  }

  async flush(): Promise<void> {
    await this.engine?.client.flush().catch(() => {});
  }

  async close(): Promise<void> {
    if (!this.engine) return;
    await this.flush();
    this.engine.client.close();
  }

  private route(routeId: string): Route {
    const route = this.routes.get(routeId);
    if (!route) throw new FlagsError('STRANGLER_FLAGS_UNKNOWN_ROUTE', `no route "${routeId}" in the plan`, { statusCode: 404 });
    return route;
  }

  private effective(route: Route): RouteStageInfo {
    const pin = this.pins.get(route.id);
    const under = this.underlying(route);
    if (!pin) return under;
    return { ...flagFields(under), route: route.id, stage: pin.stage, source: 'pin', reason: pin.reason, pin: { ...pin } };
  }

  /** The route's stage without pins: its flag's stage or split, else the plan's stage. */
  private underlying(route: Route): RouteStageInfo {
    if (!this.engine) return { route: route.id, stage: route.stage, source: 'static' };
    const key = flagKeyOf(route);
    if (!this.engine.client.initialized()) return { route: route.id, stage: route.stage, source: 'default', reason: 'flags not loaded', flag: key };
    const raw = this.engine.store.flag(key);
    if (!raw) return { route: route.id, stage: route.stage, source: 'default', reason: `flag ${key} not found`, flag: key };
    const summary = summarizeFlag(raw as unknown as FlagConfig);
    if (summary.text.startsWith('invalid')) {
      return { route: route.id, stage: route.stage, source: 'default', reason: `flag ${key}: ${summary.text}`, flag: key, flagVersion: summary.version };
    }
    return { route: route.id, stage: summary.text, source: 'flag', flag: key, flagVersion: summary.version };
  }

  private audit(change: StageChange): void {
    this.logger.info(change, `stage change: ${change.route} ${change.oldStage} -> ${change.newStage} (${change.source})`);
  }
}

function flagFields(info: RouteStageInfo): { flag?: string; flagVersion?: number } {
  return {
    ...(info.flag !== undefined ? { flag: info.flag } : {}),
    ...(info.flagVersion !== undefined ? { flagVersion: info.flagVersion } : {}),
  };
}
