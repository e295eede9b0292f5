/**
 * Access-log records rolled into the inventory's per-minute aggregates, the same unit the proxy's own inventory
 * stores, so the analysis downstream does not care where the traffic came from. Traffic a plan route matches is
 * counted under that route (its id and `METHOD /pattern`); the rest under a template the TemplateInferrer learns.
 */
import type { PlanRouter } from '../../proxy/routing/router.js';
import type { Route } from '../../proxy/plan/schema.js';
import { mergeAggregate, TrafficAggregator, type TrafficAggregate, type TrafficSample } from '../inventory/index.js';
import type { AccessRecord } from '../logs/formats.js';
import { OTHER, TemplateInferrer, type TemplateOptions } from '../templates.js';

export interface RollupOptions {
  /** The plan's routes, matched first (first match wins, as in the proxy). */
  router?: PlanRouter;
  templates?: TemplateOptions;
  /** (minute, template) entries held at most; see TrafficAggregator. */
  maxKeys?: number;
}

/**
 * @example
 *   const rollup = new LogRollup({ router: buildRouter(plan.routes, plan.routing) });
 *   await readAccessLog(file, { format: 'combined' }, (r) => rollup.add(r));
 *   const aggregates = rollup.aggregates();
 */
export class LogRollup {
  private readonly inferrer: TemplateInferrer;
  private readonly aggregator: TrafficAggregator;
  private readonly routesById = new Map<string, Route>();

  constructor(private readonly options: RollupOptions = {}) {
    this.inferrer = new TemplateInferrer(options.templates);
    // A log spans days: the bound is per (minute, template), so it is raised with the log's length in mind.
    this.aggregator = new TrafficAggregator(options.maxKeys ?? 500_000);
    for (const route of options.router?.routes ?? []) this.routesById.set(route.id, route);
  }

  add(record: AccessRecord): void {
    this.aggregator.record(this.sampleOf(record));
  }

  /** The sample a record makes: matched to a plan route when one takes it. */
  sampleOf(record: AccessRecord): TrafficSample {
    const method = record.method.toUpperCase();
    const route = this.routeOf(record, method);
    const template = route === undefined ? this.inferrer.observe(method, record.path) : `${method} ${route.match.path}`;
    return {
      time: record.time,
      method,
      template,
      routeId: route?.id ?? null,
      status: record.status,
      side: record.servedBy ?? 'monolith',
      ...(record.durationMs !== undefined ? { durationMs: record.durationMs } : {}),
      ...(record.billedDurationMs !== undefined ? { billedDurationMs: record.billedDurationMs } : {}),
      ...(record.requestBytes !== undefined ? { requestBytes: record.requestBytes } : {}),
      ...(record.responseBytes !== undefined ? { responseBytes: record.responseBytes } : {}),
      ...(record.upgrade === true ? { upgrade: true } : {}),
    };
  }

  /**
   * Every aggregate, with unmatched templates brought to their final shape: a prefix that folded late (slugs) has
   * earlier minutes under literal templates, which are merged into the template they belong to now.
   */
  aggregates(): TrafficAggregate[] {
    const merged = new Map<string, TrafficAggregate>();
    for (const agg of this.aggregator.drain(Number.POSITIVE_INFINITY)) {
      const template = agg.routeId === null && agg.template !== OTHER ? this.inferrer.canonical(agg.template) : agg.template;
      const key = `${agg.minute} ${template}`;
      const into = merged.get(key);
      if (into === undefined) merged.set(key, { ...agg, template });
      else mergeAggregate(into, agg);
    }
    return [...merged.values()].sort((a, b) => a.minute - b.minute || a.template.localeCompare(b.template));
  }

  private routeOf(record: AccessRecord, method: string): Route | undefined {
    // strangler's own log names the route that took the request; trust it when the plan still has that route.
    if (typeof record.routeId === 'string') {
      const named = this.routesById.get(record.routeId);
      if (named !== undefined) return named;
    }
    return this.options.router?.match(method, record.path)?.route ?? undefined;
  }
}
