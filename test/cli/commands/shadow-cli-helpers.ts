import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../cli/main.js';
import { ShadowStore } from '../../../proxy/shadow/store/index.js';
import { record } from '../../proxy/shadow/store/helpers.js';

export async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** A plan in `dir` whose store is `dir/.strangler/shadow-8080.sqlite`; `extra` is appended YAML. */
export function writePlan(dir: string, extra = ''): string {
  const file = join(dir, 'plan.yaml');
  writeFileSync(
    file,
    `monolith:
  url: http://127.0.0.1:3000
listen:
  port: 8080
shadow:
  gates:
    live: { minSamples: 10, minMatchRate: 0.9 }
routes:
  - id: products
    match: { path: /products/:id }
    function: { name: products }
    stage: shadow
  - id: cart
    match: { path: /cart }
    function: { name: cart }
    stage: shadow
${extra}`,
  );
  return file;
}

/** Records `matched` equal and `mismatched` different comparisons for a route in the plan's store. */
export function seed(dir: string, route: string, matched: number, mismatched: number, path = join(dir, '.strangler', 'shadow-8080.sqlite')): void {
  const store = ShadowStore.open(path, { maxSamples: 10, retentionDays: 14, flushIntervalMs: 0 });
  for (let i = 0; i < matched; i++) store.recordComparison(record(route, { id: 1, price: 10 }, { id: 1, price: 10 }));
  for (let i = 0; i < mismatched; i++) {
    store.recordComparison(
      record(
        route,
        { id: 1, price: 10, items: [1, 2, 3, 4] },
        { id: 1, price: 11, items: [1, 2, 3, 5] },
        { request: { id: `req-${i}`, method: 'GET', url: `/products/${i}`, headers: {} } },
      ),
    );
  }
  store.close();
}
