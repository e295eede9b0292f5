import { pino } from 'pino';
import { startLambdaServiceFromPlan, type LambdaService } from '../../lambda-runtime/index.js';
import { loadPlanFile, PlanError, formatProblem, type LoadedPlan } from '../../proxy/plan/index.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';

/** `sam local start-lambda`'s port, when the plan's `lambda.endpoint` names no local port. */
export const DEFAULT_LAMBDA_PORT = 3001;

export const lambdaServe: Command = {
  name: 'lambda serve',
  summary: 'run the plan\'s functions behind a local Lambda Invoke API (no AWS account, no Docker)',
  help: `Usage: strangler lambda serve --plan FILE [--port N] [--host ADDR] [--idle-timeout-ms N] [--grace-ms N]

Serves the functions of a migration plan on AWS Lambda's Invoke API, each in its own execution environments
(child processes speaking the Lambda Runtime API). Prints the endpoint, logs JSON (pino) to stdout, and runs
until SIGTERM or SIGINT, when it stops every execution environment.

Options:
  --plan FILE            the migration plan (its functions: section)                      required
  --port N               port; default: the port of the plan's lambda.endpoint when it is local, else ${DEFAULT_LAMBDA_PORT}
  --host ADDR            address to bind                                                   default 127.0.0.1
  --idle-timeout-ms N    stop instances idle this long                                     default 300000
  --grace-ms N           on SIGTERM, let running invocations finish this long              default 3000

Example:
  strangler lambda serve --plan migration-plans/shop.yaml --port 3001
  aws lambda invoke --endpoint-url http://127.0.0.1:3001 --function-name hello out.json`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        plan: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'idle-timeout-ms': { type: 'string' },
        'grace-ms': { type: 'string' },
      },
      false,
    );
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (values.plan === undefined) throw new UsageError('--plan FILE is required');
    const port = values.port === undefined ? undefined : integer('--port', values.port, 0, 65535);
    const idleTimeoutMs = values['idle-timeout-ms'] === undefined ? undefined : integer('--idle-timeout-ms', values['idle-timeout-ms'], 1, 2 ** 31 - 1);
    const graceMs = values['grace-ms'] === undefined ? 3000 : integer('--grace-ms', values['grace-ms'], 0, 2 ** 31 - 1);

    let loaded: LoadedPlan;
    try {
      loaded = loadPlanFile(values.plan);
    } catch (err) {
      if (!(err instanceof PlanError)) throw err;
      for (const p of err.problems) io.err(`${formatProblem(p)}\n`);
      io.err(`${values.plan}: invalid: ${err.problems.length} problem(s)\n`);
      return 1;
    }
    const logger = pino({ level: loaded.plan.server.logLevel, name: 'lambda-runtime' });
    const service: LambdaService = await startLambdaServiceFromPlan(loaded, {
      port: port ?? planPort(loaded) ?? DEFAULT_LAMBDA_PORT,
      logger,
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
    });
    io.out(`local Lambda service listening on ${service.endpoint}\n`);

    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      const onSignal = (s: NodeJS.Signals): void => {
        process.removeListener('SIGTERM', onSignal);
        process.removeListener('SIGINT', onSignal);
        resolve(s);
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    });
    logger.info({ signal, graceMs }, 'stopping');
    await service.close({ graceMs });
    return 0;
  },
};

/** The port of `lambda.endpoint` when it points at this machine (so `serve` and the proxy agree by default). */
function planPort(loaded: LoadedPlan): number | undefined {
  const endpoint = loaded.plan.lambda.endpoint;
  if (endpoint === undefined) return undefined;
  const url = new URL(endpoint);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return undefined;
  return url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
}

function integer(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${text}"`);
  return n;
}
