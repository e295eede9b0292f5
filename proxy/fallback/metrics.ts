import { Counter, Gauge, type Registry } from 'prom-client';

/** A route breaker's state, as the `strangler_breaker_state` gauge and `/routes` rows show it. */
export type BreakerState = 'closed' | 'open' | 'half-open';

const STATE_VALUES: Record<BreakerState, number> = { closed: 0, open: 1, 'half-open': 2 };

/**
 * Fallback and breaker metrics, on the proxy's registry. Labels stay bounded: plan route ids, failure codes,
 * breaker states.
 */
export class FallbackMetrics {
  readonly fallbacks: Counter<'route' | 'reason'>;
  readonly lambdaFailures: Counter<'route' | 'code'>;
  readonly state: Gauge<'route'>;
  readonly transitions: Counter<'route' | 'from' | 'to'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.fallbacks = new Counter({
      name: 'strangler_fallbacks_total',
      help: 'Requests a Lambda route replayed to the monolith, by route and reason (the failure code).',
      labelNames: ['route', 'reason'],
      registers,
    });
    this.lambdaFailures = new Counter({
      name: 'strangler_lambda_failures_total',
      help: 'Failed Lambda-served requests, by route and failure code (whether or not they fell back).',
      labelNames: ['route', 'code'],
      registers,
    });
    this.state = new Gauge({
      name: 'strangler_breaker_state',
      help: 'Circuit breaker state per route: 0 closed, 1 open, 2 half-open.',
      labelNames: ['route'],
      registers,
    });
    this.transitions = new Counter({
      name: 'strangler_breaker_transitions_total',
      help: 'Circuit breaker state changes, by route, from and to.',
      labelNames: ['route', 'from', 'to'],
      registers,
    });
  }

  fallback(route: string, reason: string): void {
    this.fallbacks.labels(route, reason).inc();
  }

  failure(route: string, code: string): void {
    this.lambdaFailures.labels(route, code).inc();
  }

  breakerState(route: string, state: BreakerState): void {
    this.state.labels(route).set(STATE_VALUES[state]);
  }

  breakerTransition(route: string, from: BreakerState, to: BreakerState): void {
    this.breakerState(route, to);
    this.transitions.labels(route, from, to).inc();
  }
}
