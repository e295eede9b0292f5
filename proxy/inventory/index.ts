/**
 * The traffic inventory: every request the proxy answers, counted per minute, method and path template (the
 * aggregates of planner/inventory), stored beside the shadow results, served on `GET /traffic` and read by
 * `strangler analyze` through `readTraffic`.
 */
export { TrafficInventory, type TrafficInventoryOptions, type TrafficParts, type TrafficStore } from './inventory.js';
export { readTraffic } from './read.js';
export { sampleOf, type AnsweredRequest } from './sample.js';
export { InventorySchema, DEFAULT_INVENTORY_RETENTION, MEMORY_MINUTES, retentionMs, type InventorySettings } from '../schemas/inventory.js';
export { combineParts, summarise, upperBoundAt, type MinuteShare, type RouteTraffic, type TemplateTraffic, type TrafficSummary } from './summary.js';
export { InventoryError, INVENTORY_ERROR_CODES, type InventoryErrorCode } from './errors.js';
