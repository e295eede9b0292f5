import FindMyWay from 'find-my-way';
import type { Route } from '../plan/schema.js';

/**
 * Matches requests against a plan's routes with find-my-way, fastify's router, so plans use fastify's path syntax
 * (`/products/:id`, `/static/*`, `/files/:name(^\\d+).png`). One router is built per plan generation and swapped
 * as a whole on reload: fastify cannot change its own routes once started, so the proxy registers a single
 * catch-all in fastify and matches plan routes here.
 *
 * Plans are ordered and the first matching route wins (Envoy's rule), while find-my-way picks the most specific
 * match (static beats parametric beats wildcard). Both agree unless a later route is more specific than an
 * earlier one that also matches; for those pairs, found when the router is built, the earlier routes are tried
 * first with a router of their own. Plans without such overlaps pay for one lookup.
 */

export interface RouteMatch {
  route: Route;
  /** Position in the plan's `routes`. */
  index: number;
  /** Path parameters (`:id` → `{ id: '42' }`; a wildcard is `'*'`), URL-decoded. */
  params: Record<string, string | undefined>;
}

export interface PlanRouter {
  readonly routes: readonly Route[];
  /**
   * The first plan route matching the request, or null. `url` is the request target as received: a path with
   * an optional query string (ignored) or an absolute URL.
   */
  match(method: string, url: string): RouteMatch | null;
}

/**
 * Same settings as fastify's router, except the parameter length limit: fastify's 100 characters would silently
 * send a request with a long id to the monolith; request heads are bounded by node's header size limit anyway.
 */
const ROUTER_OPTIONS = { caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, maxParamLength: 16_384 };

interface Store {
  index: number;
}

type Matcher = ReturnType<typeof FindMyWay>;

/**
 * @example
 *   const router = buildRouter(plan.routes);
 *   router.match('GET', '/products/42?x=1'); // { route: routes[0], index: 0, params: { id: '42' } }
 */
export function buildRouter(routes: readonly Route[]): PlanRouter {
  const all = FindMyWay(ROUTER_OPTIONS);
  routes.forEach((route, index) => {
    const store: Store = { index };
    all.on(route.match.methods, route.match.path, noop, store);
  });
  // For each route, the earlier routes that could also match one of its requests (ascending): only these can
  // take a request find-my-way gives to this route.
  const earlier: number[][] = routes.map((route, i) =>
    routes
      .slice(0, i)
      .map((other, j) => (sharesMethod(other, route) && pathsMayOverlap(other.match.path, route.match.path) ? j : -1))
      .filter((j) => j >= 0),
  );
  const single = new Map<number, Matcher>();
  const alone = (index: number): Matcher => {
    let matcher = single.get(index);
    if (matcher === undefined) {
      const route = routes[index]!;
      matcher = FindMyWay(ROUTER_OPTIONS);
      matcher.on(route.match.methods, route.match.path, noop, { index });
      single.set(index, matcher);
    }
    return matcher;
  };
  for (const list of earlier) for (const j of list) alone(j);

  return {
    routes,
    match(method, url) {
      const found = all.find(method as never, url);
      if (found === null) return null;
      const index = (found.store as Store).index;
      for (const j of earlier[index]!) {
        const first = alone(j).find(method as never, url);
        if (first !== null) return { route: routes[j]!, index: j, params: first.params };
      }
      return { route: routes[index]!, index, params: found.params };
    },
  };
}

function noop(): void {}

function sharesMethod(a: Route, b: Route): boolean {
  return a.match.methods.some((m) => b.match.methods.includes(m));
}

/**
 * Conservative: false only when no request path can match both (a static segment differs, or the segment counts
 * differ without a wildcard). Parametric segments (`:id`, `file.:ext`, regexps) are treated as matching anything.
 */
export function pathsMayOverlap(a: string, b: string): boolean {
  const sa = a.split('/');
  const sb = b.split('/');
  const n = Math.min(sa.length, sb.length);
  for (let i = 0; i < n; i++) {
    const x = sa[i]!;
    const y = sb[i]!;
    if (x.includes('*') || y.includes('*')) return true;
    if (isDynamic(x) || isDynamic(y)) continue;
    if (unescape(x) !== unescape(y)) return false;
  }
  return sa.length === sb.length;
}

/** `::` is find-my-way's escape for a literal colon. */
function isDynamic(segment: string): boolean {
  return segment.replaceAll('::', '').includes(':');
}

function unescape(segment: string): string {
  return segment.replaceAll('::', ':');
}
