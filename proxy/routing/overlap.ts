import type { Route } from '../plan/schema.js';

/**
 * Which earlier routes may take a request a later route matches: the pairs where find-my-way's "most specific
 * wins" and the plan's "first match wins" could disagree (./router.ts).
 *
 * Comparing every pair is quadratic: 5,000 routes made 12.5 million comparisons and a plan reload froze the proxy
 * for 17 s. Routes are indexed instead by method and first path segment: two routes can only overlap when they
 * share a method and their first segments are equal, or one of them starts with a parameter or wildcard. A plan of
 * distinct prefixes (`/svcN/items/:id`) then costs linear time; only routes starting with a parameter are compared
 * with every route of their methods.
 */

/** A route's path cut into segments once, lower-cased (conservative under case-insensitive matching). */
interface Shape {
  segments: string[];
  /** The first segment is a parameter or wildcard (may match any first segment). */
  dynamicStart: boolean;
}

/**
 * The index, fed one route at a time in plan order (so a router can be built in slices): `add` answers the earlier
 * routes (ascending) that could also match one of the new route's requests.
 */
export class OverlapIndex {
  private readonly shapes: Shape[] = [];
  /** Earlier routes by `METHOD segment`, by method for those starting with a parameter, and all by method. */
  private readonly bySegment = new Map<string, number[]>();
  private readonly dynamicByMethod = new Map<string, number[]>();
  private readonly allByMethod = new Map<string, number[]>();

  add(route: Route): number[] {
    const i = this.shapes.length;
    const shape = shapeOf(route.match.path);
    this.shapes.push(shape);
    const first = shape.segments[1] ?? '';
    const methods = new Set(route.match.methods);
    const candidates = new Set<number>();
    for (const method of methods) {
      const pools = shape.dynamicStart ? [this.allByMethod.get(method)] : [this.bySegment.get(`${method} ${first}`), this.dynamicByMethod.get(method)];
      for (const pool of pools) if (pool !== undefined) for (const j of pool) candidates.add(j);
    }
    const earlier: number[] = [];
    for (const j of candidates) if (segmentsMayOverlap(this.shapes[j]!.segments, shape.segments)) earlier.push(j);
    for (const method of methods) {
      push(this.allByMethod, method, i);
      if (shape.dynamicStart) push(this.dynamicByMethod, method, i);
      else push(this.bySegment, `${method} ${first}`, i);
    }
    return earlier.sort((a, b) => a - b);
  }
}

function push(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [index]);
  else list.push(index);
}

/**
 * For each route, the earlier routes (ascending) that could also match one of its requests.
 * @example
 *   earlierOverlaps(routes) // [[], [], [0]]: routes[2] may be shadowed by routes[0]
 */
export function earlierOverlaps(routes: readonly Route[]): number[][] {
  const index = new OverlapIndex();
  return routes.map((route) => index.add(route));
}

/**
 * Conservative: false only when no request path can match both (a static segment differs, or the segment counts
 * differ without a wildcard). Parametric segments (`:id`, `file.:ext`, regexps) are treated as matching anything;
 * static segments are compared without case, and a trailing slash is ignored, whatever the routes' settings.
 */
export function pathsMayOverlap(a: string, b: string): boolean {
  return segmentsMayOverlap(shapeOf(a).segments, shapeOf(b).segments);
}

function segmentsMayOverlap(sa: readonly string[], sb: readonly string[]): boolean {
  const n = Math.min(sa.length, sb.length);
  for (let i = 0; i < n; i++) {
    const x = sa[i]!;
    const y = sb[i]!;
    if (x.includes('*') || y.includes('*')) return true;
    if (isDynamic(x) || isDynamic(y)) continue;
    if (x !== y) return false;
  }
  return sa.length === sb.length;
}

function shapeOf(path: string): Shape {
  const segments = path.split('/').map((s) => (isDynamic(s) || s.includes('*') ? s : s.toLowerCase()));
  if (segments.length > 2 && segments[segments.length - 1] === '') segments.pop();
  const first = segments[1] ?? '';
  return { segments, dynamicStart: isDynamic(first) || first.includes('*') };
}

/** `::` is find-my-way's escape for a literal colon. */
function isDynamic(segment: string): boolean {
  return segment.replaceAll('::', '').includes(':');
}
