import { RouteSchema } from '../../../../proxy/plan/schema.js';
import { ShadowSettingsSchema } from '../../../../proxy/schemas/shadow.js';
import { compileShadowRoute, type ShadowRunner, type ShadowCall, type ShadowRoute } from '../../../../proxy/shadow/runner/index.js';
import { ShadowStore } from '../../../../proxy/shadow/store/index.js';
import type { CapturedResponse } from '../../../../proxy/shadow/compare/index.js';

/** A compiled route from plan-shaped input (as a user would write it). */
export function shadowRoute(shadow: Record<string, unknown> = {}, extra: Record<string, unknown> = {}, settings: Record<string, unknown> = {}): ShadowRoute {
  const route = RouteSchema.parse({ id: 'products', match: { path: '/products/:id' }, function: { name: 'products' }, shadow, ...extra });
  return compileShadowRoute({ shadow: ShadowSettingsSchema.parse(settings) }, route);
}

export const json = (v: unknown, status = 200): CapturedResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify(v)),
});

export function memoryStore(): ShadowStore {
  return ShadowStore.open(':memory:', { maxSamples: 20, retentionDays: 1, flushIntervalMs: 0 });
}

/** A shadow call that answers `response` after `ms`, honouring abort. */
export function slowCall(ms: number, response: CapturedResponse, seen?: { n: number; max: number; live: number }): ShadowCall {
  return ({ signal }) =>
    new Promise((resolve, reject) => {
      if (seen) {
        seen.n++;
        seen.live++;
        seen.max = Math.max(seen.max, seen.live);
      }
      const done = () => seen && seen.live--;
      const t = setTimeout(() => {
        done();
        resolve(response);
      }, ms);
      signal.addEventListener('abort', () => {
        clearTimeout(t);
        done();
        reject(signal.reason);
      });
    });
}

/** Resolves once the runner has nothing in flight. */
export async function drained(runner: ShadowRunner): Promise<void> {
  while (runner.concurrency.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
}

export function job(
  route: ShadowRoute,
  call: ShadowCall,
  over: { method?: string; served?: CapturedResponse; stage?: 'shadow' | 'live'; requestId?: string } = {},
) {
  const method = over.method ?? 'GET';
  const stage = over.stage ?? 'shadow';
  return {
    route,
    decision: {
      shadow: true as const,
      served: stage === 'shadow' ? ('monolith' as const) : ('lambda' as const),
      side: stage === 'shadow' ? ('lambda' as const) : ('monolith' as const),
      dryRun: method !== 'GET' && method !== 'HEAD',
      noise: false,
    },
    request: {
      method,
      url: '/products/1?x=1',
      headers: { host: 'shop.example', 'x-request-id': 'ignored' },
      body: Buffer.alloc(0),
      requestId: over.requestId ?? 'req-1',
    },
    served: { response: over.served ?? json({ id: 1 }), latencyMs: 5 },
    call,
  };
}
