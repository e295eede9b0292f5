/**
 * A Fastify 5 app's route table. Routes are read with an `onRoute` hook (https://fastify.dev/docs/latest/Reference/Hooks/#onroute),
 * which names the plugin that declares each one; the hook only sees routes declared after it is added, so routes
 * the app declared on its root before handing it over are read from `printRoutes({ commonPrefix: false })`
 * (https://fastify.dev/docs/latest/Reference/Server/#printroutes) and belong to module `app`.
 */
import type { AppRoute } from './types.js';

export interface FastifyLike {
  addHook(name: 'onRoute', hook: (this: { pluginName?: string }, options: { method: string | string[]; url: string }) => void): unknown;
  ready(): PromiseLike<unknown>;
  printRoutes(options: { commonPrefix: boolean }): string;
  close(): PromiseLike<unknown>;
}

/** True for a Fastify instance (it has `addHook`, `printRoutes` and `ready`). */
export function isFastifyApp(value: unknown): value is FastifyLike {
  const v = value as Partial<FastifyLike> | null;
  return (
    v !== null &&
    (typeof v === 'object' || typeof v === 'function') &&
    typeof v.addHook === 'function' &&
    typeof v.printRoutes === 'function' &&
    typeof v.ready === 'function'
  );
}

/**
 * Loads the app's plugins (`ready()`), reads its routes and closes it. On an app that is ready already (Fastify
 * takes no hooks then) every route is read from printRoutes under module `app`.
 * @example
 *   await fastifyRoutes(buildApp()); // [{ method: 'GET', path: '/products/:id', module: 'products' }, …]
 */
export async function fastifyRoutes(app: FastifyLike): Promise<AppRoute[]> {
  const hooked = new Map<string, AppRoute>();
  try {
    app.addHook('onRoute', function (this: { pluginName?: string }, options) {
      for (const method of [options.method].flat()) {
        const path = trimSlash(options.url);
        hooked.set(`${method} ${path}`, { method: method.toUpperCase(), path, module: pluginModule(this.pluginName) });
      }
    });
  } catch {
    // Already ready: Fastify takes no more hooks. printRoutes still lists every route (under module `app`).
  }
  try {
    await app.ready();
    const out: AppRoute[] = [];
    const seen = new Set<string>();
    for (const r of parsePrintRoutes(app.printRoutes({ commonPrefix: false }))) {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(hooked.get(key) ?? r);
    }
    return out;
  } finally {
    await app.close();
  }
}

/**
 * printRoutes' tree: each level is indented by four characters, a label is a piece of the path, and the methods
 * in brackets mark a route ending there: `└── /products (GET, HEAD)` then `    └── /:id (GET)`.
 */
export function parsePrintRoutes(text: string): AppRoute[] {
  const out: AppRoute[] = [];
  const stack: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^((?:[│ ] {3})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (m === null) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    if (m[3] === undefined) continue;
    const path = trimSlash(stack.join(''));
    for (const method of m[3].split(',').map((s) => s.trim())) out.push({ method, path, module: 'app' });
  }
  return out;
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** The plugin a route was declared in: Fastify names it by the plugin function (`products`), nested ones joined by ` -> `. */
function pluginModule(name: string | undefined): string {
  if (name === undefined || name === '' || name === 'fastify') return 'app';
  const parts = name.split(' -> ').filter((p) => p !== 'fastify');
  return parts.at(-1) ?? 'app';
}
