import type { Logger } from 'pino';
import { LambdaHealth } from '../lambda-health/health.js';
import type { ProxyMetrics } from '../metrics/index.js';
import type { TrafficInventory } from '../inventory/inventory.js';
import type { RollbackMonitor } from '../promotion/rollback.js';
import { SecondWriteMetrics } from '../metrics/second-writes.js';
import type { StageResolver } from '../stages/resolver.js';
import type { ShadowService } from '../shadow/service.js';
import type { RollingStats } from '../stats/window.js';
import type { LambdaShared } from '../targets/shared.js';
import type { ProxyTracing } from '../tracing/tracer.js';

/** What `createProxy` builds the services from (its options, resolved). */
export interface ProxyServicesInit {
  logger: Logger;
  metrics: ProxyMetrics;
  resolver: StageResolver;
  shadow?: ShadowService | undefined;
  lambda: LambdaShared;
  stats?: RollingStats | undefined;
  tracing?: ProxyTracing | undefined;
  rollback?: RollbackMonitor | undefined;
  inventory?: TrafficInventory | undefined;
}

/**
 * The services of one proxy, built once by `createProxy` (proxy/server/create.ts) and handed to every plan
 * generation, and from there to the targets and the request's exchange: nothing finds a service through a
 * module-level map or a global. Services a proxy may run without are undefined (no stats: nothing records; no
 * tracing: no span is made); the Lambda health and second-write metrics are registered on first use, so a proxy
 * that never invokes a function shows none of their metrics.
 * @example
 *   const services = new ProxyServices({ logger, metrics, resolver, lambda: createLambdaShared(metrics.registry, logger) });
 *   services.lambdaHealth.record({ route: 'products', outcome: 'ok' });
 */
export class ProxyServices {
  readonly logger: Logger;
  readonly metrics: ProxyMetrics;
  /** Picks each route's stage per request (proxy/stages). */
  readonly resolver: StageResolver;
  /** Shadow traffic and comparison, when the proxy was given a ShadowService. */
  readonly shadow: ShadowService | undefined;
  /** The Lambda side's per-proxy state (breakers, fallback metrics, options), kept across plan reloads. */
  readonly lambda: LambdaShared;
  /** The dashboard's rolling window (proxy/stats), when the proxy has one (createPlanProxy gives it). */
  readonly stats: RollingStats | undefined;
  /** Tracing (proxy/tracing), when on; undefined costs nothing on the request path. */
  readonly tracing: ProxyTracing | undefined;
  /** Automatic rollback of routes serving from the Lambda (proxy/promotion), when the proxy can pin; shadowed or not. */
  readonly rollback: RollbackMonitor | undefined;
  /** The traffic inventory (proxy/inventory): every answered request counted per minute and template. */
  readonly inventory: TrafficInventory | undefined;
  /** Set when shutdown starts: responses close their connections, readiness fails, upgrades are refused. */
  draining = false;
  private health: LambdaHealth | undefined;
  private secondWrites: SecondWriteMetrics | undefined;

  constructor(init: ProxyServicesInit) {
    this.logger = init.logger;
    this.metrics = init.metrics;
    this.resolver = init.resolver;
    this.shadow = init.shadow;
    this.lambda = init.lambda;
    this.stats = init.stats;
    this.tracing = init.tracing;
    this.rollback = init.rollback;
    this.inventory = init.inventory;
  }

  /** Cold starts and Lambda health per route (proxy/lambda-health): the Lambda target records, `/routes` reads. */
  get lambdaHealth(): LambdaHealth {
    return (this.health ??= new LambdaHealth(this.metrics.registry));
  }

  /** The metrics of dual writes' second writes. */
  get secondWriteMetrics(): SecondWriteMetrics {
    return (this.secondWrites ??= new SecondWriteMetrics(this.metrics.registry));
  }
}
