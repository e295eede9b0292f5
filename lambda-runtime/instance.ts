import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import {
  errorBody,
  exitError,
  exitReason,
  importModuleError,
  initTimeoutError,
  invalidEntrypoint,
  responseTooLarge,
  timeoutError,
  timeoutMessage,
  traceHeader,
  withErrorType,
} from './aws-errors.js';
import { forEachLine, InvocationLog, maxMemoryUsedMb, type Report } from './invocation-log.js';
import { instanceEnv, type ResolvedFunction } from './launch.js';
import { ACCEPTED, listenRuntimeApi, runtimeError, type RuntimeApiTarget, type RuntimeReply } from './runtime-api.js';
import { LATEST } from '../proxy/schemas/functions.js';

/**
 * One execution environment: a child process running a runtime client, with its own Runtime API. It runs one
 * invocation at a time; the service enforces the deadline by killing the process group.
 */

/** Lambda's limit on the init phase (runtime start plus the handler module's top-level code). */
export const INIT_LIMIT_MS = 10_000;

/** One invocation handed to an instance. */
export interface Invocation {
  requestId: string;
  payload: Buffer;
  /** The ARN the caller used (qualified when it named a qualifier), for `context.invokedFunctionArn`. */
  invokedArn: string;
  clientContext: string | undefined;
  traceId: string | undefined;
  /** Called exactly once. */
  done(outcome: Outcome): void;
}

/** How an invocation ended, as the caller sees it. */
export interface Outcome {
  /** The response payload, or the error body when `functionError`. */
  payload: Buffer;
  /** True when the caller gets `X-Amz-Function-Error: Unhandled`. */
  functionError: boolean;
  /** The invocation's whole log, START to REPORT. */
  log: string;
  report: Report;
}

interface Active {
  invocation: Invocation;
  log: InvocationLog;
  deliveredAt?: number;
  timer?: NodeJS.Timeout;
  finished: boolean;
}

export interface InstanceEvents {
  /** The invocation is done and the instance can take another one. */
  onIdle(instance: Instance): void;
  /** The process is gone (or about to be: it was killed). */
  onGone(instance: Instance): void;
}

let counter = 0;

export class Instance {
  readonly id: string;
  pid: number | undefined;
  private child: ChildProcess | undefined;
  private server: Server | undefined;
  private active: Active | undefined;
  private waiting: ServerResponse | undefined;
  private readonly initLines: string[] = [];
  private spawnedAt = 0;
  private initDurationMs: number | undefined;
  private initTimer: NodeJS.Timeout | undefined;
  private coldReported = false;
  /** Last peak-memory reading, for invocations that end after the process is gone. */
  private memoryMb: number | undefined;
  private gone = false;
  private terminated = false;
  private exitStatus: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  private readonly log: Logger;

  constructor(
    readonly fn: ResolvedFunction,
    logger: Logger,
    private readonly events: InstanceEvents,
  ) {
    this.id = `${fn.name}-${++counter}`;
    this.log = logger.child({ function: fn.name, instance: this.id });
  }

  get busy(): boolean {
    return this.active !== undefined;
  }

  /** True once the runtime finished its init phase (asked for its first invocation). */
  get initialised(): boolean {
    return this.initDurationMs !== undefined && !this.gone;
  }

  /**
   * Starts the Runtime API and the process, and hands it its first invocation (instances start on demand). Without
   * one the instance is provisioned: it initialises now, reports `onIdle` once ready, and its invocations carry no
   * `Init Duration` (as on Lambda, where provisioned environments initialise before any invocation).
   */
  async start(first?: Invocation): Promise<void> {
    if (first === undefined) this.coldReported = true;
    else this.active = { invocation: first, log: new InvocationLog(), finished: false };
    try {
      const { server, address } = await listenRuntimeApi(this.target());
      this.server = server;
      if (this.gone) return void server.close();
      this.spawnedAt = performance.now();
      const child = spawn(this.fn.command, this.fn.args, {
        cwd: this.fn.cwd,
        env: instanceEnv(this.fn, address),
        // Own process group: the deadline kills the runtime and everything it started, and nothing the function
        // does can signal the service. stdin stays open so our bootstrap notices when the service dies.
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      this.child = child;
      this.pid = child.pid;
      child.once('error', (err: NodeJS.ErrnoException) => this.onSpawnError(err));
      child.once('exit', (code, signal) => this.onExit(code, signal));
      child.once('close', () => this.onClosed());
      child.stdin!.on('error', () => {});
      forEachLine(child.stdout!, (line) => this.onLine(line, 'stdout'));
      forEachLine(child.stderr!, (line) => this.onLine(line, 'stderr'));
      if (this.pid !== undefined) this.log.debug({ pid: this.pid, runtimeClient: this.fn.runtimeClient }, 'instance started');
      this.initTimer = setTimeout(() => this.onInitTimeout(), INIT_LIMIT_MS);
    } catch (err) {
      this.onSpawnError(err as NodeJS.ErrnoException);
    }
  }

  /** Gives a warm instance its next invocation. */
  assign(invocation: Invocation): void {
    this.active = { invocation, log: new InvocationLog(), finished: false };
    if (this.waiting) this.deliver(this.waiting);
  }

  /** Kills the process group now. An active invocation then ends as Runtime.ExitError (signal: killed). */
  kill(reason: string): void {
    if (this.gone) return;
    this.log.debug({ pid: this.pid, reason }, 'instance killed');
    this.terminate();
    this.markGone();
  }

  private target(): RuntimeApiTarget {
    return {
      next: (res) => this.onNext(res),
      response: (id, body, tooLarge) => this.onResult(id, body, false, tooLarge),
      error: (id, body, errorType) => this.onResult(id, withErrorType(body, errorType), true, false),
      initError: (body, errorType) => this.onInitError(withErrorType(body, errorType)),
    };
  }

  private onNext(res: ServerResponse): void {
    if (this.initDurationMs === undefined) {
      this.initDurationMs = performance.now() - this.spawnedAt;
      clearTimeout(this.initTimer);
      this.memoryMb = maxMemoryUsedMb(this.pid);
      this.log.debug({ initDurationMs: round(this.initDurationMs) }, 'instance initialised');
      // A provisioned instance is ready for its first invocation.
      if (this.active === undefined) {
        this.waiting = res;
        res.once('close', () => {
          if (this.waiting === res) this.waiting = undefined;
        });
        this.events.onIdle(this);
        return;
      }
    }
    const active = this.active;
    if (active !== undefined && active.deliveredAt !== undefined && !active.finished) {
      // The runtime asked for more work without answering the current invocation: Lambda refuses the transition.
      res
        .writeHead(403, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ errorMessage: 'Invalid state transition from invoke to next', errorType: 'InvalidStateTransition' }));
      return;
    }
    this.waiting = res;
    res.once('close', () => {
      if (this.waiting === res) this.waiting = undefined;
    });
    if (active !== undefined && active.deliveredAt === undefined) this.deliver(res);
  }

  private deliver(res: ServerResponse): void {
    const active = this.active!;
    const inv = active.invocation;
    this.waiting = undefined;
    active.deliveredAt = performance.now();
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/json',
      'Content-Length': inv.payload.length,
      'Lambda-Runtime-Aws-Request-Id': inv.requestId,
      'Lambda-Runtime-Deadline-Ms': Date.now() + this.fn.timeoutMs,
      'Lambda-Runtime-Invoked-Function-Arn': inv.invokedArn,
      'Lambda-Runtime-Trace-Id': inv.traceId ?? traceHeader(),
    };
    // Header bytes are the JSON's UTF-8 (a latin1 string writes each char as one byte).
    if (inv.clientContext !== undefined) headers['Lambda-Runtime-Client-Context'] = Buffer.from(inv.clientContext, 'utf8').toString('latin1');
    res.writeHead(200, headers);
    res.end(inv.payload);
    active.timer = setTimeout(() => this.onTimeout(active), this.fn.timeoutMs);
  }

  private onResult(requestId: string, body: Buffer, isError: boolean, tooLarge: boolean): RuntimeReply {
    const active = this.active;
    if (active === undefined || active.finished || active.deliveredAt === undefined || active.invocation.requestId !== requestId) {
      return runtimeError(400, 'InvalidRequestID', `no invocation ${requestId} is waiting for an answer`);
    }
    if (tooLarge) {
      this.finish(active, Buffer.from(JSON.stringify(responseTooLarge())), true);
      return runtimeError(413, 'RequestEntityTooLarge', 'Exceeded maximum allowed payload size.');
    }
    this.finish(active, body, isError);
    return ACCEPTED;
  }

  private onInitError(body: Buffer): RuntimeReply {
    const active = this.active;
    if (this.initDurationMs !== undefined) return runtimeError(403, 'InvalidStateTransition', 'init/error is allowed during init only');
    this.initDurationMs = performance.now() - this.spawnedAt;
    clearTimeout(this.initTimer);
    if (active === undefined) {
      // A provisioned instance that cannot initialise: no caller to tell, so the log says it; invocations then start
      // on-demand instances, which report the init error to their callers.
      this.log.error({ error: body.toString('utf8') }, 'provisioned instance failed to initialise');
      setImmediate(() => this.kill('init error'));
      return ACCEPTED;
    }
    // Lambda resets the environment after an init error; the next invocation gets a fresh one.
    this.finish(active, body, true, undefined, () => this.kill('init error'));
    return ACCEPTED;
  }

  private onTimeout(active: Active): void {
    if (active.finished) return;
    const { requestId } = active.invocation;
    active.log.add(`${new Date().toISOString()} ${requestId} ${timeoutMessage(this.fn.timeoutMs)}`);
    const memory = maxMemoryUsedMb(this.pid);
    this.kill('timeout');
    this.finish(active, errorBody(timeoutError(requestId, this.fn.timeoutMs)), true, { kind: 'timeout' }, undefined, memory);
  }

  private onInitTimeout(): void {
    const active = this.active;
    if (this.initDurationMs !== undefined) return;
    this.initDurationMs = INIT_LIMIT_MS;
    this.kill('init timeout');
    if (active === undefined) {
      this.log.error({ limitMs: INIT_LIMIT_MS }, 'provisioned instance did not initialise in time');
      return;
    }
    this.finish(active, errorBody(initTimeoutError(active.invocation.requestId, INIT_LIMIT_MS)), true, { kind: 'timeout' });
  }

  private onSpawnError(err: NodeJS.ErrnoException): void {
    this.log.error({ err, entrypoint: this.fn.entrypoint }, 'instance could not start');
    const active = this.active;
    this.kill('spawn error');
    if (active && !active.finished) {
      // A handler whose folder does not exist cannot be found, as Lambda reports it; a bootstrap cannot be started.
      const body =
        this.fn.runtimeClient !== 'bootstrap' && err.code === 'ENOENT' && !existsSync(this.fn.cwd)
          ? importModuleError(`${this.fn.cwd}/${this.fn.env._HANDLER!.split('.')[0]}`)
          : invalidEntrypoint(active.invocation.requestId, this.fn.entrypoint, err);
      this.finish(active, errorBody(body), true, { kind: 'error', errorType: body.errorType });
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exitStatus = { code, signal };
    if (!this.gone) this.log.warn({ pid: this.pid, code, signal }, `instance exited: ${exitReason(code, signal)}`);
    // Whatever the runtime left running dies with it, as when Lambda tears an environment down.
    this.terminate();
    this.markGone();
    // Its last words (a crash's stack trace) may still be in the pipes: wait for them, but not for a stray process
    // that left the group and holds them open.
    this.closeTimer = setTimeout(() => this.onClosed(), 200);
  }

  private onClosed(): void {
    clearTimeout(this.closeTimer);
    const active = this.active;
    if (this.exitStatus === undefined || active === undefined || active.finished) return;
    const { code, signal } = this.exitStatus;
    const body = exitError(active.invocation.requestId, code, signal);
    active.log.add(`RequestId: ${active.invocation.requestId} Error: ${exitReason(code, signal)}`);
    active.log.add(body.errorType);
    this.finish(active, errorBody(body), true, { kind: 'error', errorType: body.errorType });
  }

  /**
   * Ends the active invocation. The log is closed one event-loop turn later: output the runtime wrote just before
   * answering is already in the pipe, and this lets it arrive before the REPORT line.
   */
  private finish(active: Active, payload: Buffer, functionError: boolean, status?: Report['status'], then?: () => void, memory?: number): void {
    active.finished = true;
    clearTimeout(active.timer);
    const durationMs = active.deliveredAt === undefined ? 0 : performance.now() - active.deliveredAt;
    setImmediate(() => {
      const cold = !this.coldReported;
      this.coldReported = true;
      const inv = active.invocation;
      const report: Report = {
        requestId: inv.requestId,
        durationMs,
        memorySizeMb: this.fn.config.memorySize,
        maxMemoryUsedMb: (this.memoryMb = memory ?? maxMemoryUsedMb(this.pid) ?? this.memoryMb),
        ...(cold && this.initDurationMs !== undefined ? { initDurationMs: this.initDurationMs } : {}),
        ...(status ? { status } : {}),
      };
      const log = active.log.render(inv.requestId, LATEST, cold ? this.initLines : [], report);
      if (this.active === active) this.active = undefined;
      this.log.info(
        {
          requestId: inv.requestId,
          durationMs: round(durationMs),
          initDurationMs: report.initDurationMs && round(report.initDurationMs),
          functionError,
          status: status?.kind,
        },
        log.slice(log.lastIndexOf('REPORT')).trimEnd(),
      );
      then?.();
      // Idle first, so that whatever the pool starts when it hears "done" can reuse this instance.
      if (!this.gone) this.events.onIdle(this);
      inv.done({ payload, functionError, log, report });
    });
  }

  private onLine(line: string, stream: 'stdout' | 'stderr'): void {
    const active = this.active;
    const requestId = active?.deliveredAt !== undefined ? active.invocation.requestId : undefined;
    this.log.info({ requestId, stream }, line);
    if (requestId !== undefined) active!.log.add(line);
    else if (!this.coldReported && this.initLines.length < 200) this.initLines.push(line);
  }

  private terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    const pid = this.pid;
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        this.child?.kill('SIGKILL');
      }
    }
    if (this.waiting) this.waiting.destroy();
    this.server?.close();
    this.server?.closeAllConnections();
  }

  private markGone(): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.initTimer);
    this.events.onGone(this);
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
