// The traffic inventory's cost per request, alone: `TrafficInventory.request` (the one call in the request's
// finish) on answered requests shaped as the proxy's Exchange, CPU time per call from process.cpuUsage (less
// sensitive than req/s to other load on the machine). Matched requests (a route's pattern) and unmatched ones
// (the TemplateInferrer, 50 path shapes with ids). Run after `npm run build`:
//   node bench/inventory.mjs            (BENCH_CALLS, default 1,000,000 per case)
import { TrafficInventory } from '../dist/proxy/inventory/index.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const settings = { enabled: true, retention: '7d' };
const sent = ['content-type', 'application/octet-stream', 'content-length', '1024', 'x-request-id', 'abc', 'x-strangler-served-by', 'monolith'];
const req = (url) => ({ method: 'GET', url, headers: { host: 'x', accept: '*/*' } });

function measure(name, make) {
  const inv = new TrafficInventory({ settings, flushIntervalMs: 0 });
  const exchanges = Array.from({ length: 1000 }, (_, i) => make(i));
  for (let i = 0; i < 50_000; i++) inv.request(exchanges[i % 1000], 200, 3.2); // warm-up
  const start = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) inv.request(exchanges[i % 1000], 200, 3.2);
  const used = process.cpuUsage(start);
  const ns = ((used.user + used.system) * 1000) / CALLS;
  console.log(`${name}: ${ns.toFixed(0)} ns CPU per request (${CALLS} calls)`);
  void inv.close();
}

const route = { id: 'bench', match: { path: '/*' } };
measure('matched (route pattern)', () => ({ req: req('/1k'), route, servedBy: 'monolith', sentHeaders: sent }));
measure('unmatched (inferred template)', (i) => ({ req: req(`/shop/s${i % 50}/items/${i * 7919}?q=1`), route: null, servedBy: 'monolith', sentHeaders: sent }));
const off = new TrafficInventory({ settings: { enabled: false, retention: '7d' }, flushIntervalMs: 0 });
const ex = { req: req('/1k'), route, servedBy: 'monolith', sentHeaders: sent };
const start = process.cpuUsage();
for (let i = 0; i < CALLS; i++) off.request(ex, 200, 3.2);
const used = process.cpuUsage(start);
console.log(`off: ${(((used.user + used.system) * 1000) / CALLS).toFixed(0)} ns CPU per request`);
