/**
 * Cold starts and Lambda health per route: the REPORT line of `LogType: Tail` invocations, counted per route as
 * Prometheus metrics and as the `lambda` object of `/routes` rows.
 */
export { parseReportLine, parseLogResult, reportsTimeout, type LambdaReport } from './report.js';
export { LambdaHealth, INVOCATION_OUTCOMES, type InvocationOutcome, type InvocationSample, type RouteLambdaHealth, type Percentiles } from './health.js';
export { RecentWindow } from './window.js';
export { invocationOutcome, type ClassifiedInvocation } from './outcome.js';
