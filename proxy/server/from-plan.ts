import { Registry } from 'prom-client';
import { flagsAdminPlugin, type PinSwitch } from '../admin/flags.js';
import { createStageResolver, FleetPins, type PinStore, type StageResolverOptions } from '../flags/index.js';
import { createLogger } from '../logging/index.js';
import type { LoadedPlan } from '../plan/load.js';
import { promotionAdminPlugin } from '../admin/promotion.js';
import { createShadowService, type ShadowService, type ShadowServiceOptions } from '../shadow/service.js';
import { dashboardPlugin } from '../dashboard/plugin.js';
import { RollingStats } from '../stats/window.js';
import { createLambdaShadowCaller } from '../targets/shadow-call.js';
import { createProxy, type Proxy, type ProxyOptions } from './create.js';
import { startTracing, type ProxyTracing } from '../tracing/index.js';

export interface PlanProxyOptions extends Omit<ProxyOptions, 'stageResolver' | 'shadow'> {
  /** Flag source options (environment for `flags.sdkKeyEnv`, extra SDK options for tests). */
  flags?: Omit<StageResolverOptions, 'logger'>;
  /** Shadow service options beyond what the plan says (tests: a clock, a random source). */
  shadow?: Omit<ShadowServiceOptions, 'loaded' | 'registry' | 'logger' | 'stageOf'>;
  /**
   * Called after the automatic rollback pinned a route on this proxy (a `--workers` worker tells its primary, which
   * pins the route on the other workers, proxy/cluster). Default: none.
   */
  onRollbackPin?: (route: string, stage: 'shadow', reason: string) => void;
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
  const resolver = await createStageResolver(loaded, { ...options.flags, logger });
  // The `shadow` stage's Lambda calls go through the proxy's own Lambda target (bound once the proxy exists).
  const lambdaShadow = options.lambda?.shadowCaller ?? createLambdaShadowCaller();
  let shadow;
  // With a shared results store (PostgreSQL), pins go through it to every replica (set below).
  let fleet: FleetPins | undefined;
  try {
    shadow = createShadowService({
      callLambda: lambdaShadow.call,
      ...options.shadow,
      loaded,
      registry,
      logger: logger.child({ component: 'shadow' }),
      stageOf: (route) => resolver.routeStage(route)?.stage ?? null,
    });
    if (shadow.store.shared) {
      fleet = new FleetPins(resolver, shadow.store as unknown as PinStore, { logger: logger.child({ component: 'flags' }) });
      // The fleet's pins apply before the first request (a restarted replica keeps obeying the kill switch).
      await fleet.start();
    }
  } catch (err) {
    await shadow?.close(0);
    await resolver.close();
    throw err;
  }
  // Tracing (proxy/tracing): only when the plan or the OTEL_* variables ask; bound to this proxy, flushed on close.
  let tracing: ProxyTracing | null = null;
  try {
    tracing = startTracing(loaded.plan.tracing, options.env ?? process.env, logger.child({ component: 'tracing' }));
    // The dashboard's rolling window: the proxy records every request into it, the dashboard reads it.
    const stats = options.stats ?? new RollingStats();
    const proxy = withTracing(
      tracing,
      createProxy(loaded, {
        ...options,
        logger,
        logLevelFromPlan: options.logLevelFromPlan ?? options.logger === undefined,
        metricsRegistry: registry,
        stageResolver: resolver,
        shadow,
        // Automatic rollback pins through the fleet (a shared store) and tells a `--workers` primary.
        rollbackPin: (route, stage, reason) => {
          if (fleet) fleet.pin(route, stage, reason);
          else resolver.pin(route, stage, reason);
          options.onRollbackPin?.(route, stage, reason);
        },
        stats,
        ...(tracing === null ? {} : { tracing }),
        lambda: { ...options.lambda, shadowCaller: lambdaShadow },
        adminPlugins: [
          flagsAdminPlugin(pinsRecorded(fleet ?? resolver, shadow)),
          shadow.adminPlugin(),
          // `POST /routes/:id/promote`: the promotion `strangler promote` makes, on this proxy's plan and store.
          promotionAdminPlugin({ shadow, ...(options.lambda?.client ? { lambdaClient: options.lambda.client } : {}) }),
          // The dashboard (`GET /`, `/stats`, `/routes/:id/gates`), reading the stats the proxy's requests feed.
          dashboardPlugin({ stats, shadow }),
          ...(options.adminPlugins ?? []),
        ],
      }),
    );
    if (fleet !== undefined) {
      const pins = fleet;
      const close = proxy.close.bind(proxy);
      proxy.close = () => pins.close().then(close);
    }
    return proxy;
  } catch (err) {
    await fleet?.close();
    await tracing?.shutdown();
    await shadow.close(0);
    await resolver.close();
    throw err;
  }
}

/** The proxy, with its tracing (if any) flushed and stopped after everything else on `close()`. */
function withTracing(tracing: ProxyTracing | null, proxy: Proxy): Proxy {
  if (tracing === null) return proxy;
  const close = proxy.close.bind(proxy);
  let closing: Promise<void> | undefined;
  // Shadow calls end during close: their spans are exported by the flush that follows.
  proxy.close = () => (closing ??= close().finally(() => tracing.shutdown()));
  return proxy;
}

/**
 * The admin kill switch, with each pin and unpin also kept in the shadow store's events beside the automatic
 * rollbacks: `strangler report` read from the store files then tells which stage a route was last pinned to.
 */
function pinsRecorded(resolver: PinSwitch, shadow: ShadowService): PinSwitch {
  const record = (route: string, kind: 'pin' | 'unpin', message: string, detail: Record<string, unknown>): void => {
    try {
      shadow.store.recordEvent({ route, kind, message, detail });
    } catch {
      // Best effort: the pin itself and its audit line are what matter.
    }
  };
  return {
    async pin(route, stage, reason) {
      const state = await resolver.pin(route, stage, reason);
      record(route, 'pin', `pinned to ${state.stage}: ${String(reason).trim()}`, { stage: state.stage });
      return state;
    },
    async unpin(route, reason) {
      const state = await resolver.unpin(route, reason);
      if (state.removed !== null)
        record(route, 'unpin', `unpinned (was pinned to ${state.removed.stage}); now ${state.stage}`, { from: state.removed.stage, stage: state.stage });
      return state;
    },
  };
}
