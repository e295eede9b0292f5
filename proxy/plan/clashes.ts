import { DEFAULT_CASE_SENSITIVE, HTTP_METHODS, type HttpMethod } from '../schemas/common.js';

/**
 * Routes whose path equals an earlier route's on a shared method, found with one map lookup per route and method
 * (linear in the plan's size). Read from unvalidated plan data: the schema's cross-field checks run even when some
 * field failed, so `plan validate` lists every problem at once.
 */

type Loose = Record<string, unknown>;

export interface RouteClash {
  /** The later route. */
  index: number;
  /** The earlier route it clashes with. */
  first: number;
  method: HttpMethod;
  /** The paths differ, but only in case. */
  caseOnly: boolean;
  /** The earlier route takes every request of the later one: the later route can never match. */
  dead: boolean;
}

/** The plan's `routing.caseSensitive`, read defensively. */
export function defaultCaseSensitive(plan: Loose): boolean {
  const routing = plan.routing as Loose | undefined;
  return typeof routing?.caseSensitive === 'boolean' ? routing.caseSensitive : DEFAULT_CASE_SENSITIVE;
}

/**
 * At most one clash per later route, the first found. Dead: the same path (up to parameter names and a trailing
 * slash), or the same but for case with an earlier route that ignores case. Not dead: the same but for case with
 * an earlier case-sensitive route (the later one still takes the other spellings).
 * @example
 *   routeClashes([{ match: { path: '/a' } }, { match: { path: '/A' } }], false) // [{ index: 1, first: 0, method: 'GET', caseOnly: true, dead: true }, …]
 */
export function routeClashes(routes: readonly Loose[], caseSensitiveByDefault: boolean): RouteClash[] {
  const exact = new Map<string, number>();
  const lowerIgnoringCase = new Map<string, number>();
  const lowerAll = new Map<string, number>();
  const clashes: RouteClash[] = [];
  routes.forEach((route, index) => {
    const match = (route.match ?? {}) as Loose;
    const path = match.path;
    if (typeof path !== 'string' || !path.startsWith('/')) return;
    const methods: HttpMethod[] = Array.isArray(match.methods)
      ? match.methods.filter((m): m is HttpMethod => (HTTP_METHODS as readonly unknown[]).includes(m))
      : [...HTTP_METHODS];
    const caseSensitive = typeof match.caseSensitive === 'boolean' ? match.caseSensitive : caseSensitiveByDefault;
    const shape = patternKey(path);
    let clash: RouteClash | undefined;
    for (const method of new Set(methods)) {
      const key = `${method} ${shape}`;
      const lower = key.toLowerCase();
      const same = exact.get(key);
      const folded = lowerIgnoringCase.get(lower);
      const similar = lowerAll.get(lower);
      if (clash === undefined) {
        if (same !== undefined) clash = { index, first: same, method, caseOnly: false, dead: true };
        else if (folded !== undefined) clash = { index, first: folded, method, caseOnly: true, dead: true };
        else if (similar !== undefined) clash = { index, first: similar, method, caseOnly: true, dead: false };
      }
      if (!exact.has(key)) exact.set(key, index);
      if (!lowerAll.has(lower)) lowerAll.set(lower, index);
      if (!caseSensitive && !lowerIgnoringCase.has(lower)) lowerIgnoringCase.set(lower, index);
    }
    if (clash !== undefined) clashes.push(clash);
  });
  return clashes;
}

/** `/a/:id` and `/a/:productId/` match the same requests. */
function patternKey(path: string): string {
  return path.replace(/:[A-Za-z0-9_]+/g, ':').replace(/\/+$/, '') || '/';
}

/**
 * `plan validate` warnings: routes whose path differs from an earlier one only in case, where the later route still
 * matches (the earlier one is case-sensitive). Often a typo; with case-insensitive matching (the default) the
 * later route takes only the spellings the earlier one does not.
 * @example
 *   caseWarnings(plan) // ['routes[3].match.path: GET /Products/:id differs only in case from routes[1] ("catalog") /products/:id']
 */
export function caseWarnings(plan: { routing?: unknown; routes: readonly unknown[] }): string[] {
  const routes = plan.routes as Loose[];
  const pathOf = (i: number): string => String(((routes[i]!.match ?? {}) as Loose).path);
  return routeClashes(routes, defaultCaseSensitive(plan as Loose))
    .filter((c) => !c.dead && c.caseOnly)
    .map(
      (c) =>
        `routes[${c.index}].match.path: ${c.method} ${pathOf(c.index)} differs only in case from routes[${c.first}] ("${String(routes[c.first]!.id)}") ${pathOf(c.first)}`,
    );
}
