/**
 * The migration dashboard (`GET /` on the admin listener), its JSON endpoints (`/stats`, `/routes/:id/gates`), and
 * the overview join `strangler status` prints.
 */
export { dashboardPlugin, type DashboardPluginOptions } from './plugin.js';
export { routeGates, type RouteGates } from './gates.js';
export {
  buildOverview,
  formatOverview,
  formatPercent,
  formatMs,
  formatLatency,
  formatSplit,
  formatMatch,
  DASH,
  type Overview,
  type OverviewRow,
  type RoutesDocument,
  type RouteRowView,
} from './overview.js';
export { DashboardError, DASHBOARD_ERROR_CODES, type DashboardErrorCode } from './errors.js';
export { dashboardPage, type DashboardPage } from './assets/page.js';
