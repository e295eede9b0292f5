import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { z } from 'zod';
import { resourceNotFound, requestTooLarge, serviceException, tooManyRequests, unknownOperation, type ServiceErrorReply } from './aws-errors.js';
import { LAMBDA_SERVICE_CODES, LambdaServiceError } from './errors.js';
import type { Invocation, Outcome } from './instance.js';
import { tail as tailOf } from './invocation-log.js';
import { checkPayload, INVOKE_PATH, parseInvokeParams, payloadLimit, readBody, type InvokeParams } from './invoke-request.js';
import { resolveFunction, type ResolvedFunction } from './launch.js';
import { FunctionPool, type InstanceInfo, type SharedLimit } from './pool.js';
import { FunctionSchema, LATEST, type FunctionInput } from '../proxy/schemas/functions.js';
import { warnAboutMissingCode } from './preflight.js';
import { swapFunctions, type FunctionsUpdate } from './reload.js';

/** Defaults of {@link LambdaServiceOptions}. */
export const DEFAULT_HOST = '127.0.0.1';
/** Idle instances stop after 5 minutes (Lambda keeps them for minutes to hours; locally, memory matters more). */
export const DEFAULT_IDLE_TIMEOUT_MS = 300_000;
export const DEFAULT_REGION = 'us-east-1';
/** The account id in ARNs (LocalStack's choice). */
export const DEFAULT_ACCOUNT_ID = '000000000000';
/** Instances running at once across all functions: Lambda's account limit, scaled to one machine. */
export const DEFAULT_MAX_INSTANCES = 64;

export interface LambdaServiceOptions {
  /** The functions to serve (plan `functions:` entries; defaults are applied). */
  functions: readonly FunctionInput[];
  /** Folder that relative `handler` and `bootstrap` paths resolve against (the plan's folder). */
  baseDir: string;
  /** Port of the Invoke API. Default 0: any free port (read it from `endpoint`). */
  port?: number;
  /** Address to bind. Default 127.0.0.1. */
  host?: string;
  /** pino logger for the service and every instance's output. Default: silent. */
  logger?: Logger;
  /** Idle instances are stopped after this long. Default 300000 ms. */
  idleTimeoutMs?: number;
  /** Region in ARNs and the functions' AWS_REGION. Default us-east-1. */
  region?: string;
  /** Account id in ARNs. Default 000000000000. */
  accountId?: string;
  /** Instances running at once across all functions (Lambda's account concurrency). Default 64. */
  maxInstances?: number;
  /** Where `code:` zips are unzipped, one folder per zip hash. Default: strangler-lambda-code in the OS temp folder. */
  codeCacheDir?: string;
}

export interface LambdaService {
  /** `http://127.0.0.1:PORT`: give it to `new LambdaClient({ endpoint })`. */
  readonly endpoint: string;
  readonly port: number;
  /** The execution environments alive now (including old ones still finishing after an update). */
  instances(): InstanceInfo[];
  /**
   * Replaces the functions (a reloaded plan or SAM template). New functions answer at once; a changed one gets fresh
   * execution environments for every invocation from now on while its running invocations finish on the old ones,
   * which then stop; a removed one answers ResourceNotFound to new invocations and drains the same way. Invalid
   * functions throw LambdaServiceError (STRANGLER_LAMBDA_SERVICE_CONFIG) and change nothing.
   * @example
   *   const { added, changed, removed } = lambda.update(functionsOfPlan(loadPlanFile(file)).functions);
   */
  update(functions: readonly FunctionInput[], baseDir?: string): FunctionsUpdate;
  /**
   * Stops accepting invocations, lets running ones finish for up to `graceMs` (default 0), answers the rest with
   * ServiceException, kills every instance's process group and resolves once they have all exited.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

interface Context {
  pools: Map<string, FunctionPool>;
  /** Pools of changed or removed functions, finishing their invocations. */
  retiring: Set<FunctionPool>;
  /** `arn:aws:lambda:REGION:ACCOUNT:function:` */
  arnPrefix: string;
  logger: Logger;
  pending: Set<ServerResponse>;
  closing: boolean;
}

/** See index.ts for the documented entry point. */
export async function startLambdaService(options: LambdaServiceOptions): Promise<LambdaService> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const region = options.region ?? DEFAULT_REGION;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  let baseDir = options.baseDir;
  const resolveAll = (input: readonly FunctionInput[]): ResolvedFunction[] =>
    parseFunctions(input).map((f) =>
      resolveFunction(f, { baseDir, region, accountId, ...(options.codeCacheDir === undefined ? {} : { codeCacheDir: options.codeCacheDir }) }),
    );
  const functions = resolveAll(options.functions);
  warnAboutMissingCode(functions, logger);
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;

  const pools = new Map<string, FunctionPool>();
  const retiring = new Set<FunctionPool>();
  const shared: SharedLimit = {
    max: options.maxInstances ?? DEFAULT_MAX_INSTANCES,
    active: 0,
    released: () => {
      for (const pool of [...pools.values(), ...retiring]) if (pool.queued > 0) pool.drain();
    },
  };
  for (const fn of functions) pools.set(fn.name, new FunctionPool(fn, shared, logger, idleTimeoutMs));

  const ctx: Context = { pools, retiring, arnPrefix: `arn:aws:lambda:${region}:${accountId}:function:`, logger, pending: new Set(), closing: false };
  const retire = (pool: FunctionPool, reason: string): void => {
    retiring.add(pool);
    void pool.retire(reason).then(() => retiring.delete(pool));
  };
  const update = (input: readonly FunctionInput[], nextBaseDir?: string): FunctionsUpdate => {
    const previousBaseDir = baseDir;
    baseDir = nextBaseDir ?? baseDir;
    let next: ResolvedFunction[];
    try {
      next = resolveAll(input);
    } catch (err) {
      baseDir = previousBaseDir;
      throw err;
    }
    const result = swapFunctions(pools, next, (fn) => provisioned(new FunctionPool(fn, shared, logger, idleTimeoutMs)), retire);
    warnAboutMissingCode(
      next.filter((fn) => !result.unchanged.includes(fn.name)),
      logger,
    );
    logger.info({ event: 'functions.reload', ...result }, 'functions reloaded');
    return result;
  };
  const server = createServer((req, res) => {
    onRequest(ctx, req, res).catch((err: unknown) => {
      logger.error({ err }, 'invoke request failed');
      if (!res.headersSent) reply(res, serviceException((err as Error).message));
      else res.destroy();
    });
  });
  // Outlive the SDK's idle keep-alive sockets, so a reused socket is never closed under a request.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;

  const host = options.host ?? DEFAULT_HOST;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new LambdaServiceError(LAMBDA_SERVICE_CODES.LISTEN, `cannot listen on ${host}:${options.port ?? 0}: ${err.code ?? err.message}`, { cause: err })),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // Provisioned instances initialise before the service is handed out, so the first calls find them warm.
  await Promise.all([...pools.values()].map((pool) => pool.provision()));
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  // Last resort when the hosting process exits without close(): no execution environment outlives it.
  const killAll = (): void => {
    for (const pool of allPools(ctx)) pool.close();
  };
  process.once('exit', killAll);
  logger.info({ endpoint, functions: functions.map((f) => f.name) }, 'local Lambda service listening');

  let closed: Promise<void> | undefined;
  return {
    endpoint,
    port,
    instances: () => allPools(ctx).flatMap((p) => p.instances()),
    update,
    close: (closeOptions = {}) => {
      closed ??= shutdown(ctx, server, closeOptions.graceMs ?? 0).finally(() => process.removeListener('exit', killAll));
      return closed;
    },
  };
}

async function shutdown(ctx: Context, server: ReturnType<typeof createServer>, graceMs: number): Promise<void> {
  ctx.closing = true;
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = Date.now() + graceMs;
  const running = (): boolean => ctx.pending.size > 0 || allPools(ctx).some((p) => p.instances().some((i) => i.state === 'busy'));
  while (running() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const answered = [...ctx.pending].map((res) => {
    reply(res, serviceException('The local Lambda service is shutting down'));
    return new Promise<void>((resolve) => {
      if (res.writableFinished || res.destroyed) return resolve();
      res.once('finish', resolve).once('close', resolve);
    });
  });
  ctx.pending.clear();
  // Let those answers reach their callers before the connections close.
  await Promise.race([Promise.all(answered), new Promise((r) => setTimeout(r, 1000))]);
  const exits = allPools(ctx).flatMap((p) => p.instances().map((i) => i.pid));
  for (const pool of allPools(ctx)) pool.close();
  server.closeAllConnections();
  await Promise.all([stopped, ...exits.map((pid) => waitForExit(pid))]);
  ctx.logger.info('local Lambda service stopped');
}

/** A new pool with its provisioned instances starting. */
function provisioned(pool: FunctionPool): FunctionPool {
  void pool.provision();
  return pool;
}

function allPools(ctx: Context): FunctionPool[] {
  return [...ctx.pools.values(), ...ctx.retiring];
}

/** Resolves when the process is gone (or after 2 s: SIGKILL cannot be refused, the kernel only needs a moment). */
async function waitForExit(pid: number | undefined): Promise<void> {
  if (pid === undefined) return;
  const until = Date.now() + 2000;
  while (Date.now() < until) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

function parseFunctions(input: readonly FunctionInput[]): z.infer<typeof FunctionSchema>[] {
  const result = z.array(FunctionSchema).safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) => `functions${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${i.message}`,
    );
    throw new LambdaServiceError(LAMBDA_SERVICE_CODES.CONFIG, `invalid functions:\n${problems.join('\n')}`);
  }
  const seen = new Set<string>();
  for (const f of result.data) {
    if (seen.has(f.name)) throw new LambdaServiceError(LAMBDA_SERVICE_CODES.CONFIG, `duplicate function name "${f.name}"`);
    seen.add(f.name);
  }
  return result.data;
}

async function onRequest(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const match = INVOKE_PATH.exec(path);
  if (match === null || req.method !== 'POST') return reply(res, unknownOperation(req.method ?? '?', path));
  if (ctx.closing) return reply(res, serviceException('The local Lambda service is shutting down'));

  const params = parseInvokeParams(match[1]!, q < 0 ? '' : url.slice(q + 1), req.headers);
  if ('status' in params) return reply(res, params);
  const pool = ctx.pools.get(params.name);
  if (pool === undefined || (params.qualifier !== undefined && !pool.fn.qualifiers.has(params.qualifier))) {
    return reply(res, resourceNotFound(`${ctx.arnPrefix}${params.name}${params.qualifier === undefined ? '' : `:${params.qualifier}`}`));
  }

  const { body, tooLarge } = await readBody(req, payloadLimit(params.invocationType));
  if (tooLarge) return reply(res, requestTooLarge(payloadLimit(params.invocationType), params.invocationType));
  const payload = checkPayload(body);
  if (!Buffer.isBuffer(payload)) return reply(res, payload);
  if (params.invocationType === 'DryRun') {
    res.writeHead(204, { 'x-amzn-RequestId': randomUUID() }).end();
    return;
  }
  if (params.invocationType === 'Event') return invokeEvent(ctx, pool.fn, pool, params, payload, res);
  return invokeSync(ctx, pool.fn, pool, params, payload, res);
}

function invocationFor(fn: ResolvedFunction, params: InvokeParams, payload: Buffer, done: (o: Outcome) => void): Invocation {
  return {
    requestId: randomUUID(),
    payload,
    invokedArn: params.qualifier === undefined ? fn.arn : `${fn.arn}:${params.qualifier}`,
    clientContext: params.clientContext,
    traceId: params.traceId,
    done,
  };
}

function invokeSync(ctx: Context, fn: ResolvedFunction, pool: FunctionPool, params: InvokeParams, payload: Buffer, res: ServerResponse): void {
  ctx.pending.add(res);
  const invocation = invocationFor(fn, params, payload, (outcome) => {
    ctx.pending.delete(res);
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/json',
      'Content-Length': outcome.payload.length,
      'X-Amz-Executed-Version': LATEST,
      'x-amzn-RequestId': invocation.requestId,
    };
    if (outcome.functionError) headers['X-Amz-Function-Error'] = 'Unhandled';
    if (params.logTail) headers['X-Amz-Log-Result'] = tailOf(outcome.log);
    res.writeHead(200, headers).end(outcome.payload);
  });
  const throttled = pool.run(invocation);
  if (throttled !== undefined) {
    ctx.pending.delete(res);
    ctx.logger.warn({ function: fn.name, reason: throttled }, 'invocation throttled');
    reply(res, tooManyRequests(throttled));
  }
}

function invokeEvent(ctx: Context, fn: ResolvedFunction, pool: FunctionPool, params: InvokeParams, payload: Buffer, res: ServerResponse): void {
  const invocation = invocationFor(fn, params, payload, (outcome) => {
    // Lambda retries failed events twice over minutes; locally the failure is logged instead (see README).
    if (outcome.functionError) {
      ctx.logger.warn(
        { function: fn.name, requestId: invocation.requestId, error: outcome.payload.toString('utf8').slice(0, 1000) },
        'event invocation failed',
      );
    }
  });
  if (!pool.enqueue(invocation)) return reply(res, tooManyRequests('ConcurrentInvocationLimitExceeded'));
  res.writeHead(202, { 'Content-Length': 0, 'X-Amz-Executed-Version': LATEST, 'x-amzn-RequestId': invocation.requestId }).end();
}

function reply(res: ServerResponse, error: ServiceErrorReply): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(error.body);
  res.writeHead(error.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'X-Amzn-ErrorType': error.type,
    'x-amzn-RequestId': randomUUID(),
    ...error.headers,
  });
  res.end(text);
}
