import { describe, expectTypeOf, it } from 'vitest';
import type { RouteGates, RoutesDocument } from '../../../proxy/dashboard/index.js';
import type { RouteRow } from '../../../proxy/admin/server.js';
import type { ShadowReport } from '../../../proxy/shadow/report/build.js';
import type { WindowStats } from '../../../proxy/stats/window.js';
import type { trafficAnswer } from '../../../proxy/admin/index.js';
import type { TrafficSummary } from '../../../proxy/inventory/index.js';
import type { GatesDoc, RouteRowDoc, RoutesDoc, ShadowDoc, StatsDoc, TrafficDoc } from '../../../proxy/dashboard/client/documents.js';

/**
 * The browser script declares the admin documents it reads (proxy/dashboard/client/documents.d.ts) apart from the
 * server's types, which are typed for Node. What the server produces must stay assignable to what the script reads:
 * these are type assertions, checked by `npm run typecheck` (a renamed or retyped field fails it).
 */
describe('the dashboard script reads what the admin API writes', () => {
  it('GET /routes rows', () => {
    expectTypeOf<RouteRow>().toExtend<RouteRowDoc>();
    expectTypeOf<{ generation: number; plan: string; monolith: string; routes: RouteRow[] }>().toExtend<RoutesDoc>();
  });

  it('GET /stats', () => {
    expectTypeOf<WindowStats>().toExtend<StatsDoc>();
  });

  it('GET /shadow/report', () => {
    expectTypeOf<ShadowReport>().toExtend<ShadowDoc>();
  });

  it('GET /routes/:id/gates', () => {
    expectTypeOf<RouteGates>().toExtend<GatesDoc>();
  });

  it('GET /traffic', () => {
    // What the route answers: the summary plus whether the inventory counts (`trafficAnswer`, one process or a fleet).
    expectTypeOf<ReturnType<typeof trafficAnswer>>().toExtend<TrafficDoc>();
    expectTypeOf<TrafficSummary>().toExtend<Omit<TrafficDoc, 'enabled'>>();
  });

  it('the overview reader and the script read the same /routes document', () => {
    expectTypeOf<RoutesDocument>().toExtend<Pick<RoutesDoc, 'generation' | 'plan' | 'monolith'>>();
  });
});
