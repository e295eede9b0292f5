import { StranglerError } from '../errors.js';

/** The cluster's error vocabulary (README, "Error codes"). */
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
} as const;

export class ClusterError extends StranglerError {
  constructor(code: (typeof CLUSTER_ERROR_CODES)[keyof typeof CLUSTER_ERROR_CODES], message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'ClusterError';
  }
}
