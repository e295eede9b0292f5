/**
 * An Express 5 app's route table, read from its router stack (`app.router.stack`): route layers give a method and
 * path; a layer whose handle has its own `stack` is a mounted Router, walked with its mount path as prefix. Each
 * route is labelled with the router that defines it, which is what the monolith's modules usually are
 * (`app.use(catalogRouter())`). https://expressjs.com/en/5x/api.html#router
 */
import type { AppRoute } from './types.js';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** True for an Express app (Express 5: a function with `use`, `handle` and a lazily created `router`). */
export function isExpressApp(value: unknown): value is { router: { stack: Layer[] } } {
  return (
    typeof value === 'function' &&
    typeof (value as { use?: unknown }).use === 'function' &&
    typeof (value as { handle?: unknown }).handle === 'function' &&
    'router' in value
  );
}

/**
 * Routes declared on the app itself belong to module `app`; a router mounted at a path is named by the path
 * (`/api/orders` → `api/orders`), one mounted at `/` by the resources it serves (`categories+products`).
 * @example
 *   expressRoutes(createShopApp()); // [{ method: 'GET', path: '/categories', module: 'categories+products' }, …]
 */
export function expressRoutes(app: { router: { stack: Layer[] } }): AppRoute[] {
  const out: Array<AppRoute & { router: number }> = [];
  const mounts = new Map<number, string>();
  let routers = 0;
  const walk = (stack: readonly Layer[], prefix: string, router: number): void => {
    for (const layer of stack) {
      if (layer.route !== undefined) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]);
        for (const path of paths) {
          for (const m of methods) out.push({ method: m === '_all' ? 'ALL' : m.toUpperCase(), path: joinPath(prefix, toPlanPath(path)), module: '', router });
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
        const id = ++routers;
        mounts.set(id, joinPath(prefix, mount));
        walk(layer.handle.stack, joinPath(prefix, mount), id);
      }
    }
  };
  walk(app.router.stack, '', 0);
  const names = new Map<number, string>([[0, 'app']]);
  for (const [id, mount] of mounts) {
    if (mount !== '/') {
      names.set(id, mount.replace(/^\/+|\/+$/g, ''));
      continue;
    }
    const resources = [...new Set(out.filter((r) => r.router === id).map((r) => r.path.split('/').find((s) => s !== '') ?? 'root'))].sort();
    names.set(id, resources.join('+') || `router-${id}`);
  }
  return out.map(({ router, ...r }) => ({ ...r, module: names.get(router)! }));
}

/** Express 5 (path-to-regexp 8) wildcards `*name` become find-my-way's `*`. */
function toPlanPath(path: string): string {
  return path.replace(/\*[A-Za-z_$][\w$]*/g, '*');
}

function joinPath(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') : '/';
}
