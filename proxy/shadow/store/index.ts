/** Shadow results: a bounded SQLite store per proxy process, redacted samples, mergeable latency histograms. */
export { ShadowStore, type StoreOptions } from './store.js';
export { mergeStats } from './read.js';
export { openDb, STORE_VERSION } from './db.js';
export { summarise, quantile, bucketOf, type Histogram, type LatencySummary } from './histogram.js';
export { compileRedaction, redactDiff, redactHeaders, redactUrl, REDACTED, type Redaction } from './redact.js';
export { emptyStats } from './types.js';
export type {
  ComparisonRecord,
  FieldCounts,
  RouteStats,
  SampleRequest,
  ShadowSide,
  SkipReason,
  StoredDiff,
  StoredEvent,
  StoredSample,
} from './types.js';
