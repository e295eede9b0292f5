import { codeOptions, defineCodes, StranglerError, type CodeOf } from '../errors/index.js';

/** The cluster's (`strangler proxy --workers`) codes. */
export const CLUSTER_ERRORS = defineCodes({
  STRANGLER_CLUSTER_WORKERS_INVALID: {
    meaning: '`strangler proxy --workers` (or `WORKERS`) is not a whole number from 1 to 256 or `auto` (a usage error, exit 2)',
  },
  STRANGLER_CLUSTER_START_FAILED: {
    meaning: 'start-up with `--workers`: a worker exited before it was listening (its own log lines say why); `strangler proxy` exits 1',
  },
  STRANGLER_CLUSTER_NO_WORKERS: { status: 503, meaning: 'the admin API of `--workers` found no listening worker to answer (all are being replaced)' },
  STRANGLER_CLUSTER_WORKER_TIMEOUT: {
    status: 504,
    meaning: 'the admin API of `--workers`: a worker did not answer the primary within 5 s, or died while asked',
  },
  STRANGLER_CLUSTER_FANOUT_FAILED: {
    status: 500,
    meaning: 'a pin or unpin through the admin API of `--workers` applied on some workers but failed on others (their pids are named); send it again',
  },
});

export type ClusterErrorCode = CodeOf<typeof CLUSTER_ERRORS>;

/** Short names of CLUSTER_ERRORS' codes. */
export const CLUSTER_ERROR_CODES = {
  /** `--workers` is not a whole number ≥ 1 or `auto` (the CLI reports it as a usage error). */
  badWorkers: 'STRANGLER_CLUSTER_WORKERS_INVALID',
  /** The primary's admin API found no live worker to answer (all are restarting): 503. */
  noWorkers: 'STRANGLER_CLUSTER_NO_WORKERS',
  /** A worker did not answer the primary's admin question in time, or died while asked: 504. */
  workerTimeout: 'STRANGLER_CLUSTER_WORKER_TIMEOUT',
  /** A pin or unpin applied on some workers and failed on others: 500 (the answer names them). */
  fanOut: 'STRANGLER_CLUSTER_FANOUT_FAILED',
  /** A worker failed before it was listening at start (a bad certificate, a port in use): the primary exits 1. */
  startFailed: 'STRANGLER_CLUSTER_START_FAILED',
} as const satisfies Record<string, ClusterErrorCode>;

/** An error of the cluster; its status is the table's unless the raiser gives another. */
export class ClusterError extends StranglerError {
  declare readonly code: ClusterErrorCode;
  constructor(code: ClusterErrorCode, message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(code, message, codeOptions(CLUSTER_ERRORS, code, options));
    this.name = 'ClusterError';
  }
}
