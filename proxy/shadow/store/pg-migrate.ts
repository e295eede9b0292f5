import type pg from 'pg';
import { ShadowError, SHADOW_ERROR_CODES } from '../errors.js';
import { TRAFFIC_DDL } from './traffic.js';

/** All strangler tables live in this PostgreSQL schema; connections put it first on their `search_path`. */
export const PG_SCHEMA = 'strangler';

/**
 * The schema, as versioned migrations: each runs once, in order, recorded in `strangler.migrations`. The tables
 * mirror the SQLite store's (./db.ts), so the read queries in ./read.ts run on both; `pins` holds the fleet's
 * kill-switch pins. Append a migration to change the schema; never edit one that has shipped.
 */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE counts (
  route TEXT NOT NULL, hour INTEGER NOT NULL,
  compared BIGINT NOT NULL DEFAULT 0, matched BIGINT NOT NULL DEFAULT 0, mismatched BIGINT NOT NULL DEFAULT 0,
  noisy BIGINT NOT NULL DEFAULT 0, noise_samples BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (route, hour)
);
CREATE TABLE outcomes (
  route TEXT NOT NULL, hour INTEGER NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, n BIGINT NOT NULL,
  PRIMARY KEY (route, hour, kind, reason)
);
CREATE TABLE latency (
  route TEXT NOT NULL, hour INTEGER NOT NULL, side TEXT NOT NULL, bucket INTEGER NOT NULL, n BIGINT NOT NULL,
  PRIMARY KEY (route, hour, side, bucket)
);
CREATE TABLE fields (
  route TEXT NOT NULL, hour INTEGER NOT NULL, field TEXT NOT NULL,
  diffs BIGINT NOT NULL DEFAULT 0, raw BIGINT NOT NULL DEFAULT 0, noise BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (route, hour, field)
);
CREATE TABLE samples (id BIGSERIAL PRIMARY KEY, route TEXT NOT NULL, at BIGINT NOT NULL, body TEXT NOT NULL);
CREATE INDEX samples_route ON samples (route, id);
CREATE TABLE events (
  id BIGSERIAL PRIMARY KEY, route TEXT NOT NULL, at BIGINT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL, detail TEXT
);
CREATE INDEX events_route ON events (route, id);
CREATE TABLE pins (route TEXT PRIMARY KEY, stage TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL);
`,
  },
  // The traffic inventory's minute aggregates (./traffic.ts, the same tables as SQLite's).
  { version: 2, sql: TRAFFIC_DDL },
];

/** Any fixed number: proxies of every strangler version starting at once queue on it. */
const MIGRATION_LOCK = 0x5354_524e;

/**
 * Creates or upgrades the schema. Idempotent, and safe when several proxies start at once: the whole run holds a
 * transaction-scoped advisory lock (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS),
 * so the second proxy waits, then finds every migration recorded. Throws STRANGLER_SHADOW_STORE_INVALID for a
 * schema written by a newer strangler. Returns the versions it applied.
 */
export async function migrate(client: pg.ClientBase): Promise<number[]> {
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${PG_SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${PG_SCHEMA}.migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>(`SELECT version FROM ${PG_SCHEMA}.migrations`)).rows.map((r) => r.version));
    const known = Math.max(...MIGRATIONS.map((m) => m.version));
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new ShadowError(
        SHADOW_ERROR_CODES.storeInvalid,
        `the PostgreSQL results store was migrated by a newer strangler (schema version ${newest}, this one knows ${known})`,
      );
    }
    await client.query(`SET LOCAL search_path TO ${PG_SCHEMA}`);
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${PG_SCHEMA}.migrations (version) VALUES ($1)`, [m.version]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return applied;
}
