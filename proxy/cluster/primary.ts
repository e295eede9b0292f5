import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import type { Server as TlsServer } from 'node:tls';
import { adminToken } from '../admin/auth.js';
import { createLogger } from '../logging/index.js';
import type { LoadedPlan } from '../plan/load.js';
import { ListenError } from '../server/errors.js';
import { readTls, rotateTls, tlsPaths, type TlsRotation } from '../server/tls.js';
import { ClusterError, CLUSTER_ERROR_CODES } from './errors.js';
import { createFleetAdmin } from './fleet-admin.js';
import { Supervisor } from './supervisor.js';

/** The upper bound on `--workers N`: more processes than this is a typo, not a machine. */
export const MAX_WORKERS = 256;

/**
 * `--workers` as given: a whole number 1-256, or `auto` (os.availableParallelism(): the CPUs this process may use).
 * Throws STRANGLER_CLUSTER_WORKERS_INVALID naming `source` (the flag or WORKERS=).
 */
export function parseWorkers(value: string, source: string): number {
  if (value === 'auto') return availableParallelism();
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_WORKERS)
    throw new ClusterError(CLUSTER_ERROR_CODES.badWorkers, `${source} must be a whole number from 1 to ${MAX_WORKERS} or "auto", got "${value}"`);
  return n;
}

export interface RunningCluster {
  url: string;
  adminUrl: string;
  /** Resolves with the exit status once the workers are drained (0), or at once (1) on a second signal. */
  stopped: Promise<number>;
}

/**
 * Runs the primary of `strangler proxy --workers N` for an already validated plan: forks the workers (each runs
 * the same command line and loads the plan itself), serves the fleet's admin API, and handles the signals:
 * SIGHUP goes to every worker (each reloads its plan) and rotates the admin certificate; SIGTERM/SIGINT drain
 * every worker (each runs its graceful shutdown) and resolve `stopped` with 0; a second one kills them, 1.
 * @example
 *   const { url, adminUrl, stopped } = await runPrimary(loadPlanFile('shop.yaml'), 2);
 *   process.exitCode = await stopped;
 */
export async function runPrimary(loaded: LoadedPlan, workers: number, env: NodeJS.ProcessEnv = process.env): Promise<RunningCluster> {
  const { plan } = loaded;
  const base = createLogger({ level: plan.server.logLevel });
  const logger = base.child({ component: 'cluster' });
  const token = adminToken(plan.admin, env);
  const adminTls = plan.admin.tls === undefined ? undefined : tlsPaths(loaded, plan.admin.tls);
  const supervisor = new Supervisor(workers, logger);
  let draining = false;
  const admin = createFleetAdmin({
    supervisor,
    workers,
    logger: base,
    token,
    draining: () => draining,
    ...(adminTls === undefined ? {} : { https: readTls(adminTls, 'admin.tls') }),
  });

  let url: string;
  try {
    url = await supervisor.start();
  } catch (err) {
    supervisor.kill();
    throw err;
  }
  try {
    await admin.listen({ host: plan.admin.host, port: plan.admin.port });
  } catch (err) {
    await supervisor.drain();
    throw new ListenError('admin API, plan admin', plan.admin.host, plan.admin.port, err);
  }
  const rotation: TlsRotation | undefined = adminTls === undefined ? undefined : rotateTls(admin.server as unknown as TlsServer, adminTls, 'admin.tls', logger);
  const address = admin.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const adminUrl = `${adminTls === undefined ? 'http' : 'https'}://${host}:${address.port}`;
  logger.info({ event: 'listening', url, adminUrl, workers, plan: loaded.file }, `strangler proxy listening with ${workers} workers`);

  const stopped = new Promise<number>((resolve) => {
    const reload = (): void => {
      logger.info({ event: 'plan.reload', signal: 'SIGHUP' }, 'SIGHUP: reloading every worker');
      supervisor.signal('SIGHUP');
      if (rotation !== undefined && adminTls !== undefined) rotation.update(adminTls);
    };
    const stop = (signal: NodeJS.Signals): void => {
      if (draining) {
        logger.warn({ event: 'shutdown', signal }, 'second signal: exiting without waiting');
        supervisor.kill();
        logger.flush();
        resolve(1);
        return;
      }
      draining = true;
      logger.info({ event: 'shutdown', signal }, `${signal}: draining every worker`);
      void supervisor.drain().then(async () => {
        rotation?.close();
        await admin.close();
        logger.info({ event: 'stopped' }, 'every worker stopped');
        logger.flush();
        resolve(0);
      });
    };
    process.on('SIGHUP', reload);
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return { url, adminUrl, stopped };
}
