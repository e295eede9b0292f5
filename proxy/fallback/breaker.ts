import { BrokenCircuitError, CircuitState, circuitBreaker, handleWhenResult, type CircuitBreakerPolicy } from 'cockatiel';
import type { Logger } from 'pino';
import type { Route } from '../plan/schema.js';
import type { BreakerState, FallbackMetrics } from './metrics.js';
import { WindowBreaker } from './window.js';

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/** What `run` gives back when the circuit did not let the call through. */
export const REJECTED = Symbol('strangler.breaker-rejected');

/**
 * One route's circuit breaker: cockatiel's CircuitBreakerPolicy (closed → open → half-open probe → closed) with the
 * plan's failure-ratio window (./window.ts). While open, and while the single half-open probe runs, calls are
 * rejected at once (cockatiel would queue them behind the probe; a proxy must not hold requests that long).
 * Every transition is a log line and a metric.
 */
export class RouteBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private current: BreakerState = 'closed';

  constructor(
    readonly routeId: string,
    readonly config: Route['fallback']['breaker'],
    logger: Logger,
    metrics: FallbackMetrics,
  ) {
    const breaker = new WindowBreaker(config);
    this.policy = circuitBreaker(
      handleWhenResult((r) => (r as { breakerFailure?: boolean }).breakerFailure === true),
      {
        halfOpenAfter: config.halfOpenAfterMs,
        breaker,
      },
    );
    metrics.breakerState(routeId, 'closed');
    this.policy.onStateChange((state) => {
      const from = this.current;
      const to = STATE_NAMES[state];
      this.current = to;
      metrics.breakerTransition(routeId, from, to);
      const totals = breaker.totals();
      const line = { event: 'breaker.transition', routeId, from, to, windowCalls: totals.calls, windowFailures: totals.failures };
      if (to === 'open') logger.warn(line, `circuit breaker of route ${routeId} opened`);
      else logger.info(line, `circuit breaker of route ${routeId} is ${to}`);
    });
  }

  /** closed, open or half-open (an open breaker whose wait is over still says open until a call probes it). */
  get state(): BreakerState {
    return this.current;
  }

  /** True when a call would be let through now (closed, or open long enough for a probe). */
  allows(): boolean {
    const state = this.policy.state;
    if (state === CircuitState.Closed) return true;
    if (state === CircuitState.HalfOpen || state === CircuitState.Isolated) return false;
    // Open: cockatiel lets the first call after `halfOpenAfter` through as the probe.
    const inner = (this.policy as unknown as { innerState: { openedAt: number; backoff: { duration: number } } }).innerState;
    return Date.now() - inner.openedAt >= inner.backoff.duration;
  }

  /**
   * Runs `call` through the breaker. Its result counts as a failure when it has `breakerFailure: true`.
   * Resolves REJECTED when the circuit is open (or a probe is already running).
   */
  async run<T extends { breakerFailure?: boolean }>(call: () => Promise<T>): Promise<T | typeof REJECTED> {
    if (!this.allows()) return REJECTED;
    try {
      return await this.policy.execute(call);
    } catch (err) {
      if (err instanceof BrokenCircuitError) return REJECTED;
      throw err;
    }
  }
}

/**
 * The breakers of one proxy, by route id. They outlive plan reloads; a route whose `fallback.breaker` settings
 * changed gets a new (closed) breaker.
 */
export class BreakerRegistry {
  private readonly breakers = new Map<string, RouteBreaker>();

  constructor(
    private readonly logger: Logger,
    private readonly metrics: FallbackMetrics,
  ) {}

  for(route: Route): RouteBreaker {
    const existing = this.breakers.get(route.id);
    if (existing !== undefined && sameConfig(existing.config, route.fallback.breaker)) return existing;
    const breaker = new RouteBreaker(route.id, route.fallback.breaker, this.logger, this.metrics);
    this.breakers.set(route.id, breaker);
    return breaker;
  }

  /** The breaker state of a route, or undefined when it never served from Lambda. */
  state(routeId: string): BreakerState | undefined {
    return this.breakers.get(routeId)?.state;
  }

  states(): Record<string, BreakerState> {
    return Object.fromEntries([...this.breakers].map(([id, b]) => [id, b.state]));
  }
}

function sameConfig(a: Route['fallback']['breaker'], b: Route['fallback']['breaker']): boolean {
  return a.failureRatio === b.failureRatio && a.minimumRequests === b.minimumRequests && a.windowMs === b.windowMs && a.halfOpenAfterMs === b.halfOpenAfterMs;
}
