import { ADAPTER_ERRORS } from '../../adapters/errors.js';
import { EVENT_ERRORS } from '../../adapters/events/errors.js';
import { TEMPLATE_ERRORS } from '../../cloudformation/errors.js';
import { ANALYZE_ERRORS } from '../../planner/analyze/errors.js';
import { LAMBDA_SERVICE_ERRORS } from '../../lambda-runtime/errors.js';
import { PACKAGE_ERRORS } from '../../packaging/errors.js';
import { ADMIN_ERRORS } from '../admin/errors.js';
import { CLUSTER_ERRORS } from '../cluster/errors.js';
import { DASHBOARD_ERRORS } from '../dashboard/errors.js';
import { CORE_ERRORS } from '../errors/index.js';
import { LAMBDA_ERRORS } from '../fallback/errors.js';
import { FLAGS_ERRORS } from '../flags/errors.js';
import { FORWARD_ERRORS } from '../forward/errors.js';
import { INVENTORY_ERRORS } from '../inventory/errors.js';
import { PLAN_ERRORS } from '../plan/errors.js';
import { PROMOTION_ERRORS } from '../promotion/errors.js';
import { ROUTING_ERRORS } from '../routing/errors.js';
import { SERVER_ERRORS } from '../server/errors.js';
import { SHADOW_ERRORS } from '../shadow/errors.js';
import { TRACING_ERRORS } from '../tracing/errors.js';
import type { ErrorTableEntry } from './doc.js';

/**
 * Every code table of strangler, in the order docs/errors.md lists them: the one module the package's public API
 * re-exports the tables from, and the source `npm run docs` renders.
 */

export {
  ADAPTER_ERRORS,
  ANALYZE_ERRORS,
  ADMIN_ERRORS,
  CLUSTER_ERRORS,
  CORE_ERRORS,
  DASHBOARD_ERRORS,
  EVENT_ERRORS,
  FLAGS_ERRORS,
  FORWARD_ERRORS,
  INVENTORY_ERRORS,
  LAMBDA_ERRORS,
  LAMBDA_SERVICE_ERRORS,
  PACKAGE_ERRORS,
  PLAN_ERRORS,
  PROMOTION_ERRORS,
  ROUTING_ERRORS,
  SERVER_ERRORS,
  SHADOW_ERRORS,
  TEMPLATE_ERRORS,
  TRACING_ERRORS,
};

export const ERROR_TABLES: readonly ErrorTableEntry[] = [
  { title: 'Plan', source: 'proxy/plan/errors.ts', table: PLAN_ERRORS },
  { title: 'Proxy lifecycle and front door', source: 'proxy/server/errors.ts', table: SERVER_ERRORS },
  { title: 'Internal', source: 'proxy/errors/internal.ts', table: CORE_ERRORS },
  { title: 'Routing', source: 'proxy/routing/errors.ts', table: ROUTING_ERRORS },
  { title: 'Forwarding to the monolith', source: 'proxy/forward/errors.ts', table: FORWARD_ERRORS },
  { title: 'Lambda-served requests', source: 'proxy/fallback/errors.ts', table: LAMBDA_ERRORS },
  { title: 'Lambda results (events)', source: 'adapters/events/errors.ts', table: EVENT_ERRORS },
  { title: 'Admin API', source: 'proxy/admin/errors.ts', table: ADMIN_ERRORS },
  { title: 'Workers (`--workers`)', source: 'proxy/cluster/errors.ts', table: CLUSTER_ERRORS },
  { title: 'Flags', source: 'proxy/flags/errors.ts', table: FLAGS_ERRORS },
  { title: 'Shadow traffic and reports', source: 'proxy/shadow/errors.ts', table: SHADOW_ERRORS },
  { title: 'Promotion', source: 'proxy/promotion/errors.ts', table: PROMOTION_ERRORS },
  { title: 'Traffic inventory (`GET /traffic`)', source: 'proxy/inventory/errors.ts', table: INVENTORY_ERRORS },
  { title: 'Dashboard, `/stats` and `strangler status`', source: 'proxy/dashboard/errors.ts', table: DASHBOARD_ERRORS },
  { title: 'Tracing', source: 'proxy/tracing/errors.ts', table: TRACING_ERRORS },
  { title: 'Adapters', source: 'adapters/errors.ts', table: ADAPTER_ERRORS },
  { title: 'Local Lambda service', source: 'lambda-runtime/errors.ts', table: LAMBDA_SERVICE_ERRORS },
  { title: 'Packaging (`strangler package`)', source: 'packaging/errors.ts', table: PACKAGE_ERRORS },
  { title: 'Templates (`strangler template`)', source: 'cloudformation/errors.ts', table: TEMPLATE_ERRORS },
  { title: 'Migration analysis (`strangler analyze`)', source: 'planner/analyze/errors.ts', table: ANALYZE_ERRORS },
];

export { renderErrorsDoc, ERRORS_DOC_PATH, type ErrorTableEntry } from './doc.js';
