/**
 * Candidate functions: the routes seen in traffic grouped into the functions they could become. Where the monolith's
 * route table is known (`--app`), routes defined by one router or plugin form one group; otherwise routes are grouped
 * by resource, the first literal path segment (`/products/:id` and `/products/search` → `products`). Each group
 * carries a plan snippet (`functions:` + `routes:`) a person can paste into the plan.
 */
import { stringify } from 'yaml';
import { OTHER, PARAM } from '../templates.js';
import type { AppRoute } from '../app-routes/types.js';
import type { RouteTraffic } from './traffic.js';

/** What the analysis needs of a plan route. */
export interface PlanRouteInfo {
  id: string;
  path: string;
  methods: readonly string[];
  functionName: string;
  stage: string;
  timeoutMs: number;
}

export interface CandidateGroup {
  /** The group's name: the module's or the resource's. */
  name: string;
  groupedBy: 'module' | 'resource';
  /** The function the snippet proposes: the plan's when its routes already share one. */
  functionName: string;
  routes: RouteTraffic[];
}

/**
 * @example
 *   groupRoutes(summary.routes, { planRoutes, appRoutes }); // [{ name: 'products', groupedBy: 'resource', … }]
 */
export function groupRoutes(
  routes: readonly RouteTraffic[],
  context: { planRoutes?: ReadonlyMap<string, PlanRouteInfo>; appRoutes?: readonly AppRoute[] } = {},
): CandidateGroup[] {
  const groups = new Map<string, CandidateGroup>();
  for (const r of routes) {
    if (r.key === OTHER) continue;
    const module = context.appRoutes === undefined ? undefined : moduleOf(r, context.appRoutes);
    const name = module ?? resourceOf(r.path);
    const key = `${module === undefined ? 'resource' : 'module'} ${name}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { name, groupedBy: module === undefined ? 'resource' : 'module', functionName: '', routes: [] };
      groups.set(key, group);
    }
    group.routes.push(r);
  }
  for (const group of groups.values()) {
    const planFunctions = new Set(
      group.routes.map((r) => (r.routeId === null ? undefined : context.planRoutes?.get(r.routeId)?.functionName)).filter((f): f is string => f !== undefined),
    );
    group.functionName = planFunctions.size === 1 ? [...planFunctions][0]! : slug(group.name);
  }
  return [...groups.values()];
}

/** The first literal segment, or `root` for `/` (and paths that start with a parameter). */
export function resourceOf(path: string): string {
  const first = path.split('/').find((s) => s !== '');
  return first === undefined || first.startsWith(':') || first === '*' ? 'root' : first;
}

/** The module of the app route that defines this route (most literal segments in common wins), if any. */
export function moduleOf(r: RouteTraffic, appRoutes: readonly AppRoute[]): string | undefined {
  const method = r.method === 'HEAD' ? 'GET' : r.method;
  const segments = split(r.path);
  let best: { module: string; score: number } | undefined;
  for (const a of appRoutes) {
    if (a.method !== method && a.method !== 'ALL') continue;
    const score = matchScore(segments, split(a.path));
    if (score !== undefined && (best === undefined || score > best.score)) best = { module: a.module, score };
  }
  return best?.module;
}

/** Literal segments in common, or undefined when the paths cannot be the same route. A parameter matches anything. */
function matchScore(a: readonly string[], b: readonly string[]): number | undefined {
  const wildcard = (s: string | undefined): boolean => s === '*' || (s?.startsWith('*') ?? false);
  let score = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (wildcard(x) || wildcard(y)) return score;
    if (x === undefined || y === undefined) return undefined;
    if (x.startsWith(':') || y.startsWith(':')) continue;
    if (x.toLowerCase() !== y.toLowerCase()) return undefined;
    score++;
  }
  return score;
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/**
 * The plan snippet of a group: one function and its routes. Routes the plan already has keep their id, pattern and
 * stage; the others get an id from their method and path, `:param` placeholders named `:id`, `:id2`, … (a plan path
 * cannot repeat a parameter name), and stage `off`.
 */
export function planSnippet(group: CandidateGroup, options: { memoryMb: number; timeoutS: number; planRoutes?: ReadonlyMap<string, PlanRouteInfo> }): string {
  const routes: Array<Record<string, unknown>> = [];
  const seen = new Set<string>();
  for (const r of group.routes) {
    const planned = r.routeId === null ? undefined : options.planRoutes?.get(r.routeId);
    if (planned !== undefined) {
      // One plan route shows up once per method it matched: it is one entry in the plan.
      if (seen.has(planned.id)) continue;
      seen.add(planned.id);
      routes.push({
        id: planned.id,
        match: { methods: [...planned.methods], path: planned.path },
        function: { name: group.functionName },
        stage: planned.stage,
      });
      continue;
    }
    let id = routeIdOf(r.method, r.path);
    for (let n = 2; seen.has(id); n++) id = `${routeIdOf(r.method, r.path)}-${n}`;
    seen.add(id);
    routes.push({
      id,
      match: { methods: r.method === 'GET' ? ['GET', 'HEAD'] : [r.method], path: nameParams(r.path) },
      function: { name: group.functionName },
      stage: 'off',
    });
  }
  const doc = {
    functions: [{ name: group.functionName, handler: `functions/${group.functionName}.handler`, timeout: options.timeoutS, memorySize: options.memoryMb }],
    routes,
  };
  return `# ${group.functionName}: the handler path is yours to fill in\n${stringify(doc)}`;
}

/** `GET /orders/:param/items` → `get-orders-by-id-items`. */
export function routeIdOf(method: string, path: string): string {
  const parts = split(path).map((s) => (s === PARAM || s.startsWith(':') ? 'by-id' : s === '*' ? 'all' : s.replace(/[^A-Za-z0-9._-]+/g, '-')));
  return [method.toLowerCase(), ...parts].join('-').replace(/-+/g, '-').replace(/-$/, '') || method.toLowerCase();
}

function nameParams(path: string): string {
  let n = 0;
  return `/${split(path)
    .map((s) => (s === PARAM ? `:id${++n === 1 ? '' : n}` : s))
    .join('/')}`;
}

function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9-_]+/g, '-').replace(/^-+|-+$/g, '') || 'root';
}
