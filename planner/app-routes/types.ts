/** One route of the monolith's own route table. */
export interface AppRoute {
  /** Upper case; `ALL` for a route of every method. */
  method: string;
  /** In the plan's path syntax (`/products/:id`, `/static/*`). */
  path: string;
  /** The router or plugin that defines it (what a candidate function is grouped by). */
  module: string;
}
