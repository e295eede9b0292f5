/**
 * Shadow results: one store interface (`ResultsStore`) with two implementations, a bounded SQLite store per proxy
 * process (default) and a PostgreSQL store shared by a fleet; redacted samples, mergeable latency histograms.
 */
export { ShadowStore, type StoreOptions } from './store.js';
export { PgShadowStore, redactPgUrl, type PgStoreOptions, type StoredPin } from './pg-store.js';
export { migrate, MIGRATIONS, PG_SCHEMA } from './pg-migrate.js';
export { openResultsStore } from './open.js';
export { mergeStats } from './read.js';
export { openDb, STORE_VERSION } from './db.js';
export { summarise, quantile, bucketOf, type Histogram, type LatencySummary } from '../../metrics/histogram.js';
export { compileRedaction, redactDiff, redactHeaders, redactUrl, REDACTED, type Redaction } from './redact.js';
export { emptyStats } from './types.js';
export type {
  ComparisonRecord,
  NoiseStats,
  ReadOptions,
  ResultsStore,
  FieldCounts,
  RouteStats,
  SampleRequest,
  ShadowSide,
  SkipReason,
  StoredDiff,
  StoredEvent,
  StoredSample,
} from './types.js';
