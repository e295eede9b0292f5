/** `strangler analyze`'s pure parts: logs rolled into aggregates, route summaries, fitness, candidates, forecast, text. */
export { LogRollup, type RollupOptions } from './rollup.js';
export {
  summarise,
  meanMs,
  quantileMs,
  loadShape,
  addPerMinute,
  combineRoutes,
  type RouteTraffic,
  type TrafficSummary,
  type TrafficWindow,
} from './traffic.js';
export * from './fitness.js';
export {
  forecast,
  coldShare,
  routeDuration,
  DEFAULT_MEMORY_MB,
  DEFAULT_IDLE_LIFETIME_S,
  DEFAULT_COLD_START_TARGET,
  ASSUMED_DURATION_MS,
  type Forecast,
  type ForecastOptions,
  type DurationSource,
} from './forecast.js';
export { groupRoutes, planSnippet, resourceOf, moduleOf, routeIdOf, type CandidateGroup, type PlanRouteInfo } from './candidates.js';
export { analyze, DEFAULT_TIMEOUT_MS, type AnalyzeSettings, type AnalysisReport, type RouteReport, type CandidateReport } from './analyze.js';
export { formatAnalysis } from './format.js';
export { AnalyzeError, ANALYZE_ERROR_CODES, type AnalyzeErrorCode } from './errors.js';
