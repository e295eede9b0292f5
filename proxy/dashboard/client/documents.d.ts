/**
 * The admin API documents as the dashboard script reads them: only the fields it uses. Declared here rather than
 * imported from the server modules, which are typed for Node (lib ES2023, @types/node). The producers:
 * proxy/admin/server.ts (`/routes`), proxy/stats/window.ts (`/stats`), proxy/shadow/report/build.ts
 * (`/shadow/report`), proxy/dashboard/gates.ts (`/routes/:id/gates`), proxy/inventory/plugin.ts (`/traffic`);
 * test/proxy/dashboard/client-documents.test.ts checks that what they produce is assignable to these, so the two
 * sides cannot drift apart unnoticed. A module of types only (a .d.ts: nothing is emitted); the scripts refer to it
 * with `import('./documents')` types, which keep them classic scripts.
 */

/** `GET /routes`. */
export interface RoutesDoc {
  generation: number;
  plan: string;
  monolith: string;
  routes: RouteRowDoc[];
}

export interface RouteRowDoc {
  id: string;
  methods: string[];
  path: string;
  stage: string;
  source: string;
  flag?: string | null;
  pin?: { stage: string; reason: string } | null;
  /** A state name, or an object with `state`; anything else shows as a dash. */
  breaker?: unknown;
  lambda?: { coldStartRate?: number | null } | null;
}

export interface SideDoc {
  p50: number | null;
  p99: number | null;
}

/** `GET /stats`. */
export interface StatsDoc {
  windowSeconds: number;
  routes: RouteStatsDoc[];
}

export interface RouteStatsDoc {
  route: string;
  requests: number;
  split: { monolith: number; lambda: number } | null;
  series: { monolith: number[]; lambda: number[] };
  monolith: SideDoc;
  lambda: SideDoc;
  fallbackRate: number | null;
  throttleRate: number | null;
  errorRate: number | null;
}

export interface GateCheckDoc {
  name: string;
  pass: boolean;
  message: string;
}

export interface GateDoc {
  stage: string;
  pass: boolean;
  checks: GateCheckDoc[];
}

export interface DiffDoc {
  path: string;
  monolith?: unknown;
  lambda?: unknown;
}

export interface SampleDoc {
  id: number;
  at: number;
  method: string;
  url: string;
  requestId?: string | null;
  status: { monolith?: number; lambda?: number };
  servedBy: string;
  diffs: DiffDoc[];
  truncated: boolean;
}

/** `GET /shadow/report`, one row per route. */
export interface ShadowRouteDoc {
  route: string;
  compared: number;
  matched: number;
  mismatched: number;
  matchRate: number | null;
  shadowErrors: number;
  gate: GateDoc | null;
  fields: Array<{ field: string; count: number }>;
  samples: SampleDoc[];
}

export interface ShadowDoc {
  routes: ShadowRouteDoc[];
}

/** `GET /routes/:id/gates`. */
export interface GatesDoc {
  stage: string | null;
  gate: GateDoc | null;
}

/** `GET /traffic` (proxy/inventory/plugin.ts `trafficAnswer`): the traffic inventory over a window of minutes. */
export interface TrafficDoc {
  /** False when the plan turned the inventory off (`inventory.enabled: false`): no new minutes are counted. */
  enabled: boolean;
  /** The results store read, or null when the minutes are in memory only (the last hour). */
  store: string | null;
  requests: number;
  /** Requests the Lambda side answered. */
  lambda: number;
  minutes: Array<{ minute: number; requests: number; lambda: number }>;
  routes: Array<{ id: string; stage: string; requests: number }>;
  unmatched: { requests: number; share: number; templates: TemplateTrafficDoc[] };
}

/** An unmatched path template of `GET /traffic`. */
export interface TemplateTrafficDoc {
  template: string;
  requests: number;
  share: number;
  status: { '2xx': number; '3xx': number; '4xx': number; '5xx': number };
  p50Ms: number | null;
  p99Ms: number | null;
}
