import type { Logger } from 'pino';
import { LambdaHealth } from '../lambda-health/health.js';
import type { ProxyMetrics } from '../metrics/index.js';
import type { TrafficInventory } from '../inventory/inventory.js';
import type { Stage } from '../schemas/stages.js';
import { SecondWriteMetrics } from '../metrics/second-writes.js';
import type { StageResolver } from '../stages/resolver.js';
import type { ShadowService } from '../shadow/service.js';
import type { RollingStats } from '../stats/window.js';
import type { LambdaShared } from '../services/lambda-shared.js';
import type { ProxyTracing } from '../tracing/tracer.js';

/** One request's outcome on a route serving from the Lambda, as automatic rollback judges it. */
export interface RouteOutcomeSample {
  route: string;
  stage: Stage;
  /**
   * The client got a failure: the Lambda failed and no fallback answered, or the function's own 5xx was served
   * (route `fallback.serverErrors: fail`). Throttles and requests too large for Lambda are not recorded at all.
   */
  failed: boolean;
  /** The Lambda failed and the monolith answered instead. */
  fellBack: boolean;
}

/**
 * What the request path tells automatic rollback: declared here so the services sit below promotion, whose
 * `RollbackMonitor` (proxy/promotion/rollback.ts) implements it.
 */
export interface RouteRollback {
  record(sample: RouteOutcomeSample): void;
  /** Forgets the routes a reloaded plan no longer has. */
  retain(routes: ReadonlySet<string>): void;
}

/** What `createProxy` builds the services from (its options, resolved). */
export interface ProxyServicesInit {
  logger: Logger;
  metrics: ProxyMetrics;
  resolver: StageResolver;
  shadow?: ShadowService | undefined;
  lambda: LambdaShared;
  stats?: RollingStats | undefined;
  tracing?: ProxyTracing | undefined;
  rollback?: RouteRollback | undefined;
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
  readonly rollback: RouteRollback | undefined;
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
