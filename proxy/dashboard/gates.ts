import type { GateResult } from '../shadow/gates.js';
import type { ShadowReport } from '../shadow/report/build.js';
import { DashboardError, DASHBOARD_ERROR_CODES } from './errors.js';

/** `GET /routes/:id/gates`: where a route is and whether it may enter its next gated stage. */
export interface RouteGates {
  route: string;
  /** The stage serving now (a rollout reads `shadow 80% / live 20%`). */
  stage: string | null;
  /** The next gated stage (live, rampdown, complete), or null once the route is complete. */
  next: GateResult['stage'] | null;
  /** The checks of that gate against the route's shadow results (null: nothing left to gate). */
  gate: GateResult | null;
  /** The shadow results the gate was checked against. */
  compared: number;
  matchRate: number | null;
}

/**
 * The gate status of one route, from the shadow report of that route (which runs the same `checkGate` as `strangler promote`,
 * on the same next-stage rule), so the dashboard and the CLI can never disagree.
 */
export function routeGates(report: ShadowReport, routeId: string): RouteGates {
  const row = report.routes.find((r) => r.route === routeId);
  if (row === undefined)
    throw new DashboardError(DASHBOARD_ERROR_CODES.unknownRoute, `no route "${routeId}" in the plan or the shadow store`, { statusCode: 404 });
  return { route: row.route, stage: row.stage, next: row.gate?.stage ?? null, gate: row.gate, compared: row.compared, matchRate: row.matchRate };
}
