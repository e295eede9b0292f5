import type { IncomingHttpHeaders } from 'node:http';
import type { Route } from '../plan/schema.js';
import type { Stage } from './plan.js';

/** What a stage decision is based on: the request as the proxy first sees it (before any body is read). */
export interface StageRequest {
  method: string;
  /** The path as received (without query). */
  path: string;
  headers: IncomingHttpHeaders;
  /** The client address (the first X-Forwarded-For hop when the proxy trusts it, else the socket's). */
  ip: string;
}

/** A route's stage for one request, and where it came from (for logs, metrics and `/routes`). */
export interface StageDecision {
  stage: Stage;
  /** `static`: the plan's `stage`; `flag`: a flag evaluation; `pin`: an admin pin; `default`: flags unavailable. */
  source: 'static' | 'flag' | 'pin' | 'default';
  /** Why a default was used, or the pin's reason. */
  reason?: string;
  /**
   * Opaque per-request data the resolver wants back when the request is done (e.g. a LaunchDarkly migration
   * tracker), passed to `complete`.
   */
  token?: unknown;
}

/** What happened to a request, reported back to the resolver (LaunchDarkly migration op events). */
export interface RequestOutcome {
  route: Route;
  decision: StageDecision;
  /** Each side that ran, with its latency and whether it failed. */
  sides: { side: 'monolith' | 'lambda'; latencyMs: number; error: boolean; role: 'authoritative' | 'shadow' | 'second-write' }[];
  /** Shadow comparison result, when a comparison was made. */
  consistent?: boolean;
}

/** A route's current stage as the resolver sees it (admin `/routes`). */
export interface RouteStageInfo {
  route: string;
  /** The stage everyone on the route gets, or the flag's split in words (`off 75% / live 25%`). */
  stage: string;
  source: StageDecision['source'];
  reason?: string;
  /** The route's flag key and version, with flag sources. */
  flag?: string;
  flagVersion?: number;
  /** The admin pin overriding the flag on this instance, if any. */
  pin?: { stage: Stage; reason: string; at: string };
}

/**
 * Picks each route's stage per request. The proxy calls `decide` once per matched request; it must be fast
 * (it is on the hot path) and must never throw (nor reject): on any trouble it returns the route's plan stage with
 * source `default`. Flag sources evaluate with the LaunchDarkly SDK, whose `migrationVariation` is asynchronous, so
 * the answer may be a promise: callers `await` it (the static resolver answers synchronously).
 */
export interface StageResolver {
  decide(route: Route, request: StageRequest): StageDecision | Promise<StageDecision>;
  /** Optional: told what happened once the request is done. Must not throw. */
  complete?(outcome: RequestOutcome): void;
  /** True once flags are loaded (readiness reports it); a static resolver is always ready. */
  ready(): boolean;
  /** Optional: every route's current stage and where it comes from (admin `/routes`). */
  routeStages?(): RouteStageInfo[];
  /** Swap in a new plan (hot reload). */
  updatePlan?(routes: Route[]): void;
  close(): Promise<void>;
}

/** The plan's static stages: the resolver used when the plan has no flag source. */
export function staticStageResolver(): StageResolver {
  return {
    decide: (route) => ({ stage: route.stage, source: 'static' }),
    ready: () => true,
    close: async () => {},
  };
}
