import { Registry } from 'prom-client';
import { createStageResolver, flagsAdminPlugin, type StageResolverOptions } from '../flags/index.js';
import { createLogger } from '../logging/index.js';
import type { LoadedPlan } from '../plan/load.js';
import { createShadowService, type ShadowServiceOptions } from '../shadow/service.js';
import { createProxy, type Proxy, type ProxyOptions } from './create.js';

export interface PlanProxyOptions extends Omit<ProxyOptions, 'stageResolver' | 'shadow'> {
  /** Flag source options (environment for `flags.sdkKeyEnv`, extra SDK options for tests). */
  flags?: Omit<StageResolverOptions, 'logger'>;
  /** Shadow service options beyond what the plan says (tests: a clock, a random source). */
  shadow?: Omit<ShadowServiceOptions, 'loaded' | 'registry' | 'logger' | 'pin' | 'stageOf'>;
}

/**
 * Everything a plan asks for, wired together: the stage resolver of the plan's `flags` section (static, flags file
 * or LaunchDarkly) with its pin/unpin admin routes, and the shadow service (comparison store, report, promotion
 * gates, automatic rollback that pins through the resolver) with `/shadow/report`. `strangler proxy` and
 * `npm start` both start their proxy with this; `createProxy` stays the bare building block.
 * Rejects for configuration errors (STRANGLER_FLAGS_SDK_KEY_MISSING, STRANGLER_SHADOW_STORE_*); flags that are
 * merely unavailable do not stop the proxy (routes serve their plan stage, `/readyz` says why).
 * @example
 *   const proxy = await createPlanProxy(loadPlanFile('migration-plans/shop.yaml'));
 *   const { url, adminUrl } = await proxy.listen();
 */
export async function createPlanProxy(loaded: LoadedPlan, options: PlanProxyOptions = {}): Promise<Proxy> {
  const logger = options.logger ?? createLogger({ level: loaded.plan.server.logLevel, destination: options.logDestination });
  const registry = options.metricsRegistry ?? new Registry();
  const resolver = await createStageResolver(loaded, { ...options.flags, logger: logger.child({ component: 'flags' }) });
  let shadow;
  try {
    shadow = createShadowService({
      ...options.shadow,
      loaded,
      registry,
      logger: logger.child({ component: 'shadow' }),
      pin: (route, stage, reason) => void resolver.pin(route, stage, reason),
      stageOf: (route) => resolver.routeStage(route)?.stage ?? null,
    });
  } catch (err) {
    await resolver.close();
    throw err;
  }
  try {
    return createProxy(loaded, {
      ...options,
      logger,
      metricsRegistry: registry,
      stageResolver: resolver,
      shadow,
      adminPlugins: [flagsAdminPlugin(resolver), shadow.adminPlugin(), ...(options.adminPlugins ?? [])],
    });
  } catch (err) {
    await shadow.close(0);
    await resolver.close();
    throw err;
  }
}
