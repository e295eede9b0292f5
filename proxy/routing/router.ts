import FindMyWay from 'find-my-way';
import { DEFAULT_CASE_SENSITIVE, DEFAULT_TRAILING_SLASH } from '../schemas/common.js';
import type { Route } from '../plan/schema.js';
import { OverlapIndex } from './overlap.js';

/**
 * Matches requests against a plan's routes with find-my-way, fastify's router, so plans use fastify's path syntax
 * (`/products/:id`, `/static/*`, `/files/:name(^\\d+).png`). One router is built per plan generation and swapped
 * as a whole on reload: fastify cannot change its own routes once started, so the proxy registers a single
 * catch-all in fastify and matches plan routes here. The path it is given is already normalised (./path.ts).
 *
 * Plans are ordered and the first matching route wins (Envoy's rule), while find-my-way picks the most specific
 * match (static beats parametric beats wildcard). Both agree unless a later route is more specific than an
 * earlier one that also matches; for those pairs (./overlap.ts) the earlier routes are tried first with a router
 * of their own. Plans without such overlaps pay for one lookup.
 *
 * `caseSensitive` and `trailingSlash` are find-my-way options of a whole router, so routes are grouped by their
 * settings (one group in the usual plan, at most four) and the first match over the groups wins.
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
   * The first plan route matching the request, or null. `url` is the normalised origin-form target (a path with
   * an optional query string, which is ignored).
   */
  match(method: string, url: string): RouteMatch | null;
}

/** How a route compares paths: the route's `match` settings over the plan's `routing` section. */
export interface MatchSettings {
  caseSensitive: boolean;
  trailingSlash: 'ignore' | 'strict';
}

/** The plan's defaults when a plan object has no `routing` section (Express's defaults). */
export const DEFAULT_MATCH_SETTINGS: MatchSettings = { caseSensitive: DEFAULT_CASE_SENSITIVE, trailingSlash: DEFAULT_TRAILING_SLASH };

/** Routes added per slice of `buildRouterAsync` between yields to the event loop (a few ms of work). */
const SLICE = 100;

interface Store {
  index: number;
}

type Matcher = ReturnType<typeof FindMyWay>;

/** A route's settings: its own `match.caseSensitive` / `match.trailingSlash`, else the plan's. */
export function matchSettings(route: Route, defaults: MatchSettings): MatchSettings {
  return {
    caseSensitive: route.match.caseSensitive ?? defaults.caseSensitive,
    trailingSlash: route.match.trailingSlash ?? defaults.trailingSlash,
  };
}

/**
 * find-my-way's settings for a group. The parameter length limit is raised from fastify's 100 characters, which
 * would silently send a request with a long id to the monolith (request heads are bounded by node anyway).
 * Duplicate slashes are the normaliser's job (`routing.mergeSlashes`).
 */
function matcherFor(settings: MatchSettings): Matcher {
  return FindMyWay({
    caseSensitive: settings.caseSensitive,
    ignoreTrailingSlash: settings.trailingSlash === 'ignore',
    ignoreDuplicateSlashes: false,
    maxParamLength: 16_384,
  });
}

function groupKey(settings: MatchSettings): string {
  return `${settings.caseSensitive ? 'C' : 'c'}${settings.trailingSlash === 'ignore' ? 'i' : 's'}`;
}

/** What the two builders share: the router over the finished groups and overlap lists. */
class Builder {
  readonly groups = new Map<string, Matcher>();
  readonly settings: MatchSettings[];
  readonly earlier: number[][] = [];
  private readonly overlaps = new OverlapIndex();

  constructor(
    readonly routes: readonly Route[],
    defaults: MatchSettings,
  ) {
    this.settings = routes.map((route) => matchSettings(route, defaults));
  }

  add(from: number, to: number): void {
    for (let index = from; index < to; index++) {
      const route = this.routes[index]!;
      const key = groupKey(this.settings[index]!);
      let group = this.groups.get(key);
      if (group === undefined) this.groups.set(key, (group = matcherFor(this.settings[index]!)));
      group.on(route.match.methods, route.match.path, noop, { index } satisfies Store);
      this.earlier.push(this.overlaps.add(route));
    }
  }

  finish(): PlanRouter {
    const { routes, settings, earlier } = this;
    // One router per route that precedes an overlapping later route: it answers "does this one match?".
    const single = new Map<number, Matcher>();
    for (const list of earlier) {
      for (const j of list) {
        if (single.has(j)) continue;
        const matcher = matcherFor(settings[j]!);
        matcher.on(routes[j]!.match.methods, routes[j]!.match.path, noop, { index: j } satisfies Store);
        single.set(j, matcher);
      }
    }
    const groups = [...this.groups.values()];
    const resolve = (method: string, url: string, group: Matcher): RouteMatch | null => {
      const found = group.find(method as never, url);
      if (found === null) return null;
      const index = (found.store as Store).index;
      for (const j of earlier[index]!) {
        const first = single.get(j)!.find(method as never, url);
        if (first !== null) return { route: routes[j]!, index: j, params: first.params };
      }
      return { route: routes[index]!, index, params: found.params };
    };
    return {
      routes,
      match(method, url) {
        if (groups.length === 1) return resolve(method, url, groups[0]!);
        let best: RouteMatch | null = null;
        for (const group of groups) {
          const found = resolve(method, url, group);
          if (found !== null && (best === null || found.index < best.index)) best = found;
        }
        return best;
      },
    };
  }
}

/**
 * @example
 *   const router = buildRouter(plan.routes, plan.routing);
 *   router.match('GET', '/products/42?x=1'); // { route: routes[0], index: 0, params: { id: '42' } }
 */
export function buildRouter(routes: readonly Route[], defaults: MatchSettings = DEFAULT_MATCH_SETTINGS): PlanRouter {
  const builder = new Builder(routes, defaults);
  builder.add(0, routes.length);
  return builder.finish();
}

/**
 * `buildRouter` in slices of a few hundred routes with a yield to the event loop between them, so a reload of a
 * plan with thousands of routes never holds up the requests being served meanwhile.
 */
export async function buildRouterAsync(routes: readonly Route[], defaults: MatchSettings = DEFAULT_MATCH_SETTINGS): Promise<PlanRouter> {
  const builder = new Builder(routes, defaults);
  for (let from = 0; from < routes.length; from += SLICE) {
    builder.add(from, Math.min(routes.length, from + SLICE));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return builder.finish();
}

function noop(): void {}
