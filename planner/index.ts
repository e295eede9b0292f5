/**
 * The migration planner's building blocks (issue: plan the migration from real traffic): path templates for
 * unmatched traffic, access-log readers, and Lambda's cost and cold-start arithmetic. Pure, bounded, and independent
 * of the proxy's request core.
 */
export { TemplateInferrer, looksLikeId, PARAM, OTHER, DEFAULT_TEMPLATE_OPTIONS, type TemplateOptions } from './templates.js';
export { PARSERS, LOG_FORMATS, parseAlbLine, parseCombinedLine, parseStranglerLine, type AccessRecord, type LogFormat } from './logs/formats.js';
export { readAccessLog, type ReadLogOptions, type ReadLogSummary } from './logs/read.js';
export { monthlyCost, provisionedMonthlyCost, coldStartShare, instancesFor, type CostInput, type CostEstimate } from './cost.js';
export { US_EAST_1, SECONDS_PER_MONTH, type LambdaPrices, type Architecture } from './pricing.js';
export * from './inventory/index.js';
export * from './analyze/index.js';
export { loadAppRoutes, expressRoutes, fastifyRoutes, parsePrintRoutes, isExpressApp, isFastifyApp, type AppRoute } from './app-routes/index.js';
