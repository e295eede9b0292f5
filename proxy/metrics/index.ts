import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { STRANGLER_HEADERS } from '../http/headers.js';
import { FastCounter, FastHistogram, type CounterSeries, type HistogramSeries } from './fast.js';

/**
 * The proxy's Prometheus metrics, on a registry of its own (never prom-client's global one: a process may run
 * several proxies, tests create many). Other modules register their metrics on `registry` so one `/metrics`
 * shows everything.
 *
 * Label values stay bounded: route ids from the plan, stages, sides, status classes and error codes, never
 * paths or request data.
 */

/** The `route` label of requests no plan route matched (plan route ids cannot start with "("). */
export const UNMATCHED_ROUTE = '(unmatched)';
/** The `stage` label of requests no plan route matched. */
export const NO_STAGE = '(none)';

/** Latency buckets in seconds: sub-millisecond pass-through up to the default 30 s monolith timeout. */
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface ProxyMetricsOptions {
  /** Default: a new Registry. */
  registry?: Registry;
  /** Also collect prom-client's default process metrics (memory, CPU, event loop lag, GC). Default false. */
  processMetrics?: boolean;
}

/**
 * @example
 *   const metrics = new ProxyMetrics();
 *   metrics.request('catalog-list', 'off', 'monolith', 200, 0.004);
 *   await metrics.registry.metrics(); // Prometheus text
 */
export class ProxyMetrics {
  readonly registry: Registry;
  readonly requests: FastCounter;
  readonly duration: FastHistogram;
  readonly upstreamErrors: Counter<'target' | 'code'>;
  readonly inFlight: Gauge;
  readonly reloads: Counter<'result'>;
  readonly rejectedRequests: Counter<'code'>;
  readonly strippedHeaders: Counter<'header'>;
  /** Requests in flight now (`strangler_in_flight_requests`); call `started`/`ended` around each request. */
  active = 0;

  // Series cached per label set, so a request costs two map lookups and field updates (see ./fast.ts).
  private readonly requestSeries = new Map<string, CounterSeries>();
  private readonly durationSeries = new Map<string, HistogramSeries>();

  constructor(options: ProxyMetricsOptions = {}) {
    const registry = options.registry ?? new Registry();
    this.registry = registry;
    const registers = [registry];
    this.requests = new FastCounter(
      'strangler_requests_total',
      'Requests answered, by route, stage, the side that served them and status class (499: client went away first).',
      ['route', 'stage', 'served_by', 'status_class'],
      registry,
    );
    this.duration = new FastHistogram(
      'strangler_request_duration_seconds',
      'Time from the request reaching the proxy to the last response byte, by route and the target that served it.',
      ['route', 'target'],
      DURATION_BUCKETS,
      registry,
    );
    this.upstreamErrors = new Counter({
      name: 'strangler_upstream_errors_total',
      help: 'Failed calls to a target (monolith unreachable, timeout), by target and error code.',
      labelNames: ['target', 'code'],
      registers,
    });
    // Read when scraped rather than updated per request (a gauge update hashes its labels every time).
    const metrics = this;
    this.inFlight = new Gauge({
      name: 'strangler_in_flight_requests',
      help: 'Requests being proxied now.',
      registers,
      collect() {
        this.set(metrics.active);
      },
    });
    this.reloads = new Counter({
      name: 'strangler_plan_reloads_total',
      help: 'Plan reloads by result (success, failure).',
      labelNames: ['result'],
      registers,
    });
    this.rejectedRequests = new Counter({
      name: 'strangler_rejected_requests_total',
      help: 'Requests the proxy refused itself before routing them (malformed request, bad URL or Host, CONNECT...), by error code.',
      labelNames: ['code'],
      registers,
    });
    this.strippedHeaders = new Counter({
      name: 'strangler_stripped_headers_total',
      help: 'x-strangler-* request headers a client sent, removed before either side saw them, by name (strangler\'s own names, else "other").',
      labelNames: ['header'],
      registers,
    });
    if (options.processMetrics) collectDefaultMetrics({ register: registry });
  }

  started(): void {
    this.active++;
  }

  ended(): void {
    this.active--;
  }

  /** Counts one finished request and observes its duration under the target that served it. */
  request(route: string, stage: string, servedBy: string, status: number, seconds: number): void {
    const statusClass = status >= 100 && status < 600 ? STATUS_CLASSES[Math.floor(status / 100)]! : 'other';
    const key = `${route}\0${stage}\0${servedBy}\0${statusClass}`;
    let counter = this.requestSeries.get(key);
    if (counter === undefined) {
      counter = this.requests.child(key, [route, stage, servedBy, statusClass]);
      this.requestSeries.set(key, counter);
    }
    counter.inc();
    const hkey = `${route}\0${servedBy}`;
    let histogram = this.durationSeries.get(hkey);
    if (histogram === undefined) {
      histogram = this.duration.child(hkey, [route, servedBy]);
      this.durationSeries.set(hkey, histogram);
    }
    histogram.observe(seconds);
  }

  /** Counts a request the proxy refused itself (proxy/server/reject.ts). */
  rejected(code: string): void {
    this.rejectedRequests.labels(code).inc();
  }

  /** Counts client-sent `x-strangler-*` headers the front door removed; unknown names share the label `other`. */
  stripped(names: readonly string[]): void {
    for (const name of names) this.strippedHeaders.labels(STRANGLER_HEADERS.has(name) ? name : 'other').inc();
  }

  /** Counts a failed call to a target. */
  upstreamError(target: string, code: string): void {
    this.upstreamErrors.labels(target, code).inc();
  }
}

const STATUS_CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

export { Registry };
export { SecondWriteMetrics } from './second-writes.js';
