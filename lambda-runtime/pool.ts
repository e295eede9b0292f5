import type { Logger } from 'pino';
import { Instance, type Invocation } from './instance.js';
import type { ResolvedFunction } from './launch.js';

/**
 * The execution environments of one function. Like Lambda: a warm idle instance takes the next invocation (the most
 * recently used first, so the others age out), otherwise a new one starts, up to the function's reserved
 * concurrency and the service-wide limit. Idle instances are stopped after `idleTimeoutMs`. A function's
 * `provisionedConcurrency` instances start with the pool (`provision`), take invocations before any on-demand
 * instance, are never stopped for idleness, and are replaced when one dies after it was ready.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
 * https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
 */

/** Events waiting for capacity, per function; beyond it Event invocations are throttled. */
export const MAX_QUEUED_EVENTS = 10_000;

export type ThrottleReason = 'ReservedFunctionConcurrentInvocationLimitExceeded' | 'ConcurrentInvocationLimitExceeded';

/** The service-wide concurrency budget shared by all pools (Lambda's account limit). */
export interface SharedLimit {
  readonly max: number;
  active: number;
  /** Called when capacity frees up anywhere, so queued events of any function can start. */
  released(): void;
}

export interface InstanceInfo {
  function: string;
  id: string;
  pid: number | undefined;
  state: 'busy' | 'idle';
  /** One of the function's provisioned instances. */
  provisioned: boolean;
  /** Its init phase is over (a provisioned instance is ready for invocations). */
  initialised: boolean;
}

export class FunctionPool {
  private readonly idle: Instance[] = [];
  /** Provisioned instances: all of them, those ready and idle, and those that became ready at least once. */
  private readonly provisioned = new Set<Instance>();
  private readonly idleProvisioned: Instance[] = [];
  private readonly everReady = new WeakSet<Instance>();
  /** Resolves `provision()`'s promise for a provisioned instance once it is ready or gone. */
  private readonly settling = new Map<Instance, () => void>();
  private readonly all = new Set<Instance>();
  private readonly queue: Invocation[] = [];
  private readonly idleTimers = new Map<Instance, NodeJS.Timeout>();
  private active = 0;
  private closed = false;
  /** Set by retire(): the pool finishes what it has, then stops every instance. */
  private retired: (() => void) | undefined;

  constructor(
    readonly fn: ResolvedFunction,
    private readonly shared: SharedLimit,
    private readonly logger: Logger,
    private readonly idleTimeoutMs: number,
  ) {}

  /** Runs a synchronous invocation now, or says why it is throttled. */
  run(invocation: Invocation): ThrottleReason | undefined {
    const reason = this.throttle();
    if (reason === undefined) this.dispatch(invocation);
    return reason;
  }

  /** Queues an Event invocation; it starts as soon as there is capacity. False when the queue is full. */
  enqueue(invocation: Invocation): boolean {
    if (this.queue.length >= MAX_QUEUED_EVENTS) return false;
    this.queue.push(invocation);
    this.drain();
    return true;
  }

  /** Starts queued events while there is capacity. */
  drain(): void {
    while (this.queue.length > 0 && this.throttle() === undefined) this.dispatch(this.queue.shift()!);
  }

  get queued(): number {
    return this.queue.length;
  }

  instances(): InstanceInfo[] {
    return [...this.all].map((i) => ({
      function: this.fn.name,
      id: i.id,
      pid: i.pid,
      state: i.busy ? 'busy' : 'idle',
      provisioned: this.provisioned.has(i),
      initialised: i.initialised,
    }));
  }

  /**
   * Starts the function's provisioned instances (its `provisionedConcurrency`); they initialise without a caller.
   * Resolves when each is ready or gone (an init error), so a service that awaits it starts warm.
   */
  provision(): Promise<void> {
    const wanted = this.fn.config.provisionedConcurrency ?? 0;
    const started: Promise<void>[] = [];
    for (let n = this.provisioned.size; n < wanted; n++) started.push(this.startProvisioned());
    return Promise.all(started).then(() => undefined);
  }

  private startProvisioned(): Promise<void> {
    const instance = this.newInstance();
    this.provisioned.add(instance);
    const settled = new Promise<void>((resolve) => this.settling.set(instance, resolve));
    void instance.start();
    return settled;
  }

  /** Kills every instance; queued events are dropped. */
  close(): void {
    this.closed = true;
    if (this.queue.length > 0) this.logger.warn({ function: this.fn.name, dropped: this.queue.length }, 'queued events dropped at shutdown');
    this.queue.length = 0;
    for (const instance of [...this.all]) instance.kill('service closing');
  }

  /**
   * Drains the pool after its function was changed or removed (the service no longer routes to it): running
   * invocations and queued events finish, each instance stops as soon as it is idle, and the promise resolves when
   * none is left. Nothing is cut short, so a reload never turns into a failed or repeated invocation.
   */
  retire(reason: string): Promise<void> {
    return new Promise((resolve) => {
      this.retired = () => {
        if (this.all.size === 0 && this.queue.length === 0) resolve();
      };
      for (const instance of [...this.idle.splice(0), ...this.idleProvisioned.splice(0)]) {
        clearTimeout(this.idleTimers.get(instance));
        instance.kill(reason);
      }
      this.logger.info({ function: this.fn.name, running: this.all.size, queued: this.queue.length, reason }, 'draining the old execution environments');
      this.retired();
    });
  }

  private throttle(): ThrottleReason | undefined {
    const reserved = this.fn.config.reservedConcurrency;
    if (reserved !== undefined && this.active >= reserved) return 'ReservedFunctionConcurrentInvocationLimitExceeded';
    if (this.shared.active >= this.shared.max) return 'ConcurrentInvocationLimitExceeded';
    return undefined;
  }

  private dispatch(invocation: Invocation): void {
    this.active++;
    this.shared.active++;
    const tracked: Invocation = {
      ...invocation,
      done: (outcome) => {
        this.active--;
        this.shared.active--;
        invocation.done(outcome);
        this.shared.released();
      },
    };
    const provisioned = this.idleProvisioned.pop();
    if (provisioned !== undefined) return provisioned.assign(tracked);
    const warm = this.idle.pop();
    if (warm !== undefined) {
      clearTimeout(this.idleTimers.get(warm));
      this.idleTimers.delete(warm);
      warm.assign(tracked);
      return;
    }
    void this.newInstance().start(tracked);
  }

  private newInstance(): Instance {
    const instance = new Instance(this.fn, this.logger, {
      onIdle: (i) => this.onIdle(i),
      onGone: (i) => this.onGone(i),
    });
    this.all.add(instance);
    return instance;
  }

  private onIdle(instance: Instance): void {
    if (this.closed) return instance.kill('service closing');
    if (this.retired !== undefined && this.queue.length === 0) return instance.kill('function reloaded');
    if (this.provisioned.has(instance)) {
      this.everReady.add(instance);
      this.settle(instance);
      // Queued events waiting for capacity take it first.
      this.idleProvisioned.push(instance);
      if (this.queue.length > 0) this.drain();
      return;
    }
    this.idle.push(instance);
    const timer = setTimeout(() => instance.kill('idle'), this.idleTimeoutMs);
    timer.unref();
    this.idleTimers.set(instance, timer);
  }

  private settle(instance: Instance): void {
    this.settling.get(instance)?.();
    this.settling.delete(instance);
  }

  private onGone(instance: Instance): void {
    this.all.delete(instance);
    const at = this.idle.indexOf(instance);
    if (at >= 0) this.idle.splice(at, 1);
    this.settle(instance);
    if (this.provisioned.delete(instance)) {
      const ready = this.idleProvisioned.indexOf(instance);
      if (ready >= 0) this.idleProvisioned.splice(ready, 1);
      // Lambda keeps the provisioned count: one that dies after it was ready is replaced. One that never got ready
      // (an init error) is not, or a broken function would respawn forever; on-demand instances report its error.
      if (!this.closed && this.retired === undefined && this.everReady.has(instance))
        setImmediate(() => this.closed || this.retired !== undefined || void this.startProvisioned());
    }
    clearTimeout(this.idleTimers.get(instance));
    this.idleTimers.delete(instance);
    this.retired?.();
  }
}
