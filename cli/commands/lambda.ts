import { pino } from 'pino';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import { DEFAULT_REGION, functionsOfPlan, loadSamTemplate, startLambdaService, type FunctionConfig, type LambdaService } from '../../lambda-runtime/index.js';
import { loadPlanFile, PlanError, formatProblem, watchFiles, type LoadedPlan } from '../../proxy/plan/index.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';

/** `sam local start-lambda`'s port, when the plan's `lambda.endpoint` names no local port. */
export const DEFAULT_LAMBDA_PORT = 3001;

export const lambdaServe: Command = {
  name: 'lambda serve',
  summary: "run the plan's functions behind a local Lambda Invoke API (no AWS account, no Docker)",
  help: `Usage: strangler lambda serve (--plan FILE | --template FILE) [--port N] [--host ADDR] [--idle-timeout-ms N] [--grace-ms N]

Serves the functions of a migration plan (or of an AWS SAM template) on AWS Lambda's Invoke API, each in its own
execution environments (child processes speaking the Lambda Runtime API). Prints the endpoint, logs JSON (pino) to
stdout, and runs until SIGTERM or SIGINT, when it stops every execution environment.

Reloads the functions when the plan, its functions file or the template changes, and on SIGHUP: new functions
answer at once, changed ones get fresh execution environments once their running invocations finish, removed ones
drain. An invalid change is logged and the functions keep serving as they were.

Options:
  --plan FILE            the migration plan (its functions: section, inline, a file or { samTemplate })
  --template FILE        an AWS SAM template: serve its AWS::Serverless::Function resources (with --plan: instead
                         of the plan's functions)
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
        template: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'idle-timeout-ms': { type: 'string' },
        'grace-ms': { type: 'string' },
      },
      false,
    );
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (values.plan === undefined && values.template === undefined) throw new UsageError('--plan FILE or --template FILE is required');
    const source = { plan: values.plan, template: values.template };
    const port = values.port === undefined ? undefined : integer('--port', values.port, 0, 65535);
    const idleTimeoutMs = values['idle-timeout-ms'] === undefined ? undefined : integer('--idle-timeout-ms', values['idle-timeout-ms'], 1, 2 ** 31 - 1);
    const graceMs = values['grace-ms'] === undefined ? 3000 : integer('--grace-ms', values['grace-ms'], 0, 2 ** 31 - 1);

    let served: Served;
    try {
      served = loadServed(source);
    } catch (err) {
      if (!(err instanceof PlanError)) throw err;
      for (const p of err.problems) io.err(`${formatProblem(p)}\n`);
      io.err(`${values.plan ?? values.template}: invalid: ${err.problems.length} problem(s)\n`);
      return 1;
    }
    const logger = pino({ level: served.loaded?.plan.server.logLevel ?? 'info', name: 'lambda-runtime' });
    const service: LambdaService = await startLambdaService({
      functions: served.functions,
      baseDir: served.baseDir,
      region: served.region,
      port: port ?? (served.loaded && planPort(served.loaded)) ?? DEFAULT_LAMBDA_PORT,
      logger,
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
    });
    const stopReloading = reloadOnChange(service, source, served, logger);
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
    stopReloading();
    logger.info({ signal, graceMs }, 'stopping');
    await service.close({ graceMs });
    return 0;
  },
};

interface Source {
  plan: string | undefined;
  template: string | undefined;
}

/** What `serve` runs, and the files it came from (watched for changes). */
interface Served {
  loaded: LoadedPlan | undefined;
  functions: FunctionConfig[];
  baseDir: string;
  region: string;
  files: string[];
}

/** Reads the plan and/or template. Throws PlanError (the template's own codes for a template). */
function loadServed(source: Source): Served {
  const loaded = source.plan === undefined ? undefined : loadPlanFile(source.plan);
  const region = loaded?.plan.lambda.region ?? DEFAULT_REGION;
  if (source.template !== undefined) {
    const file = resolve(source.template);
    const functions = loadSamTemplate(file, { region });
    return { loaded, functions, baseDir: dirname(file), region, files: [...(source.plan === undefined ? [] : [source.plan]), file] };
  }
  const { functions, baseDir, file } = functionsOfPlan(loaded!);
  return { loaded, functions, baseDir, region, files: [source.plan!, ...(file === undefined ? [] : [file])] };
}

/**
 * Reloads the functions when a file they come from changes, or on SIGHUP (the proxy's `watchPlan` does the same for
 * routes). A change that does not load is logged with its problems; the functions keep serving as they were.
 */
function reloadOnChange(service: LambdaService, source: Source, first: Served, logger: Logger): () => void {
  const reload = (trigger: string): void => {
    try {
      const served = loadServed(source);
      watcher.setFiles(served.files);
      service.update(served.functions, served.baseDir);
    } catch (err) {
      const problems = err instanceof PlanError ? err.problems.map(formatProblem) : undefined;
      logger.error(
        { event: 'functions.reload', trigger, problems, err: problems === undefined ? err : undefined },
        'functions reload rejected; the functions keep serving as they were',
      );
    }
  };
  const watcher = watchFiles(first.files, () => reload('file'), {
    onError: (err, dir) => logger.error({ event: 'functions.watch', dir, err }, 'watching for changes failed; SIGHUP still reloads'),
  });
  const onSignal = (): void => reload('SIGHUP');
  process.on('SIGHUP', onSignal);
  return () => {
    watcher.close();
    process.off('SIGHUP', onSignal);
  };
}

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
