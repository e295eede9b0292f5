import cluster from 'node:cluster';
import { joinCluster, parseWorkers, reportRollbackPin, runPrimary } from '../../proxy/cluster/index.js';
import { isStranglerError } from '../../proxy/errors/index.js';
import { createPlanProxy, watchPlan } from '../../proxy/index.js';
import { loadPlanFile, loadPlanFileOffThread, PlanError, type LoadedPlan } from '../../proxy/plan/index.js';
import { parseCommandArgs, reportPlanProblems, UsageError, type Command } from '../command.js';

export const proxyCommand: Command = {
  name: 'proxy',
  summary: 'run the routing proxy for a migration plan (reloads it on SIGHUP and when the file changes)',
  help: `Usage: strangler proxy --plan FILE [--port N] [--admin-port N] [--host ADDRESS] [--workers N|auto]

Runs the strangler proxy in front of the monolith the plan names, and its admin API (health, readiness,
route table, Prometheus metrics). Prints both URLs, then one JSON log line per request on stdout.

Options:
  --plan FILE        the migration plan (YAML); required
  --port N           serve on port N instead of the plan's listen.port (0: any free port);
                     without the flag, the PORT environment variable if set
  --admin-port N     admin API on port N instead of the plan's admin.port (0: any free port);
                     without the flag, ADMIN_PORT if set
  --host ADDRESS     bind the proxy to ADDRESS instead of the plan's listen.host (0.0.0.0: every
                     interface); without the flag, HOST if set
  --workers N|auto   run N worker processes sharing the port (node:cluster; auto: one per CPU), supervised
                     by a primary that replaces a dead worker (with backoff) and serves the admin API for
                     all of them; without the flag, WORKERS if set; default: one process, no cluster

Environment:
  \${NAME} and \${NAME:-default} in the plan's values are read from the environment at start and on
  every reload; PORT, ADMIN_PORT, HOST and WORKERS stand in for the flags above (a flag wins)

Signals:
  SIGHUP             reload the plan (it also reloads when the file changes); an invalid plan is
                     logged with every problem and the running plan keeps serving
  SIGTERM, SIGINT    stop accepting connections, let in-flight requests finish (at most
                     server.gracePeriodMs), exit 0; a second signal exits at once with status 1
  With --workers, the primary passes SIGHUP on to every worker and SIGTERM/SIGINT drain every worker
  before it exits 0

Example:
  strangler proxy --plan migration-plans/shop.yaml --port 8080`,

  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      { plan: { type: 'string' }, port: { type: 'string' }, 'admin-port': { type: 'string' }, host: { type: 'string' }, workers: { type: 'string' } },
      false,
    );
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const file = values.plan;
    if (file === undefined || file === '') throw new UsageError('--plan FILE is required');
    // Container platforms hand the port over in the environment (PORT); an explicit flag still wins.
    const env = process.env;
    const port = portOption(...fromFlagOrEnv('--port', values.port, 'PORT', env));
    const adminPort = portOption(...fromFlagOrEnv('--admin-port', values['admin-port'], 'ADMIN_PORT', env));
    const [hostSource, host] = fromFlagOrEnv('--host', values.host, 'HOST', env);
    if (host !== undefined && host.trim() === '') throw new UsageError(`${hostSource} must be an address, got an empty value`);
    const workers = workersOption(...fromFlagOrEnv('--workers', values.workers, 'WORKERS', env));
    // The overrides apply to every reload too, so a reloaded plan never asks for a different port.
    const load = (path: string): LoadedPlan => withListen(loadPlanFile(path), port, adminPort, host);

    let loaded: LoadedPlan;
    try {
      loaded = load(file);
    } catch (err) {
      if (!(err instanceof PlanError)) throw err;
      return reportPlanProblems(file, err, io, 'strangler proxy');
    }

    // The primary validated the plan above and forks the workers; each worker runs this same command line.
    if (workers !== undefined && cluster.isPrimary) {
      const running = await runPrimary(loaded, workers, env);
      io.out(`strangler proxy  ${running.url}\nadmin API        ${running.adminUrl}\n`);
      return running.stopped;
    }
    const member = cluster.isWorker;

    let proxy;
    try {
      proxy = await createPlanProxy(loaded, { processMetrics: true, ...(member ? { onRollbackPin: reportRollbackPin } : {}) });
    } catch (err) {
      // A worker that cannot start must exit (its primary then reports STRANGLER_CLUSTER_START_FAILED): the IPC
      // channel to the primary would otherwise keep it alive, and the primary waiting for it to listen.
      if (member) process.disconnect?.();
      throw err;
    }
    // A cluster worker binds no admin listener: the primary serves the admin API and asks the worker over IPC.
    const worker = member ? joinCluster(proxy) : undefined;
    let addresses;
    try {
      addresses = await proxy.listen({ admin: !member });
    } catch (err) {
      await proxy.close();
      worker?.close();
      throw err;
    }
    // Signal handlers first, URLs last: whoever waits for the URLs may signal right away.
    // Reloads parse and validate on a worker thread: a large plan does not stop the requests being served.
    const watcher = watchPlan(proxy, file, { load: async (path) => withListen(await loadPlanFileOffThread(path), port, adminPort, host) });
    const stopped = new Promise<void>((resolve) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals): void => {
        // A worker's second SIGTERM is its primary's after the same stop reached the whole process group (systemd's
        // control-group kill): the primary decides when to cut the drain short, with SIGKILL.
        if (stopping && member) return;
        if (stopping) {
          proxy.logger.warn({ event: 'shutdown', signal }, 'second signal: exiting without waiting');
          proxy.logger.flush();
          process.exit(1);
        }
        stopping = true;
        proxy.logger.info({ event: 'shutdown', signal }, `${signal}: shutting down`);
        watcher.close();
        proxy.close().then(
          () => resolve(),
          (err: unknown) => {
            proxy.logger.error({ err }, 'shutdown failed');
            resolve();
          },
        );
      };
      process.on('SIGTERM', stop);
      // Ctrl-C reaches every process of the terminal's group: a worker leaves it to its primary, which sends one
      // SIGTERM (a second signal would otherwise cut the worker's drain short).
      process.on('SIGINT', member ? () => undefined : stop);
    });
    worker?.listening(addresses);
    if (!member) io.out(`strangler proxy  ${addresses.url}\nadmin API        ${addresses.adminUrl}\n`);
    await stopped;
    worker?.close();
    return 0;
  },
};

/** The flag's value when given, else the environment variable's (named in errors as `PORT=`). */
function fromFlagOrEnv(flag: string, value: string | undefined, name: string, env: NodeJS.ProcessEnv): [string, string | undefined] {
  if (value !== undefined) return [flag, value];
  const fromEnv = env[name];
  return fromEnv === undefined ? [flag, undefined] : [`${name} (environment)`, fromEnv];
}

function workersOption(source: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseWorkers(value, source);
  } catch (err) {
    if (isStranglerError(err)) throw new UsageError(err.message);
    throw err;
  }
}

function portOption(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port > 65535) throw new UsageError(`${flag} must be a port number 0-65535, got "${value}"`);
  return port;
}

function withListen(loaded: LoadedPlan, port: number | undefined, adminPort: number | undefined, host: string | undefined): LoadedPlan {
  if (port === undefined && adminPort === undefined && host === undefined) return loaded;
  const plan = {
    ...loaded.plan,
    listen: { ...loaded.plan.listen, ...(port === undefined ? {} : { port }), ...(host === undefined ? {} : { host }) },
    admin: adminPort === undefined ? loaded.plan.admin : { ...loaded.plan.admin, port: adminPort },
  };
  return { ...loaded, plan };
}
