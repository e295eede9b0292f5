/** The shadow report: built from the store (and the plan), as JSON, as a text table, and as an admin route. */
export { buildReport, routeReport, nextGatedStage, type BuildOptions, type ReportField, type RouteReport, type ShadowReport } from './build.js';
export { formatReport } from './format.js';
export { shadowReportPlugin, type ReportSource } from './plugin.js';
export { localReport, readStores, storeTargets, openForReading, currentStages, pinnedStage } from './local.js';
export { parseWindow } from './since.js';
