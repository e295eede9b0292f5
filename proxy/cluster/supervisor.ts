import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { nextDeathCount, restartDelayMs } from './backoff.js';
import { ClusterError, CLUSTER_ERROR_CODES } from './errors.js';
import { isMessage, PINS_ENV, type FleetPin, type ListeningMessage, type PrimaryMessage, type ReplyMessage, type RolledBackMessage } from './messages.js';

/** How long the primary waits for a worker's answer to an admin question. */
export const ASK_TIMEOUT_MS = 5_000;

interface Slot {
  index: number;
  worker: Worker | undefined;
  startedAt: number;
  /** Deaths in a row, each soon after its start (./backoff.ts). */
  deaths: number;
  listening: boolean;
  restart: NodeJS.Timeout | undefined;
}

type Distributive<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * The primary's side of `strangler proxy --workers N`: forks N workers (each runs the same command and shares the
 * listening port through node:cluster), replaces one that dies with backoff, and asks them admin questions over
 * IPC. Signals are the caller's (cli/commands/proxy.ts via ./primary.ts).
 */
export class Supervisor {
  private readonly slots: Slot[];
  private readonly pending = new Map<number, { resolve(reply: ReplyMessage): void; reject(err: Error): void; timer: NodeJS.Timeout; worker: Worker }>();
  private nextId = 1;
  private stopping = false;
  /** True once every worker listened: from then on a death is replaced instead of failing the start. */
  private startedOnce = false;
  /** The fleet's pins, handed to every worker forked from now on (./messages.ts PINS_ENV). */
  readonly pins = new Map<string, FleetPin>();

  constructor(
    count: number,
    private readonly logger: Logger,
  ) {
    this.slots = Array.from({ length: count }, (_, index) => ({ index, worker: undefined, startedAt: 0, deaths: 0, listening: false, restart: undefined }));
  }

  /**
   * Forks every worker and resolves with the traffic URL once all of them listen. Rejects (STRANGLER_CLUSTER_START_FAILED)
   * when a worker exits before it listens: a start-up failure (a port in use, a bad certificate) would only repeat.
   */
  start(): Promise<string> {
    return new Promise((resolve, reject) => {
      let url: string | undefined;
      const onListening = (slot: Slot, message: ListeningMessage): void => {
        slot.listening = true;
        url ??= message.url;
        if (!this.startedOnce && this.slots.every((s) => s.listening)) {
          this.startedOnce = true;
          resolve(url);
        }
      };
      const onEarlyExit = (slot: Slot, code: number | null, signal: string | null): void => {
        this.stopping = true;
        reject(
          new ClusterError(
            CLUSTER_ERROR_CODES.startFailed,
            `worker ${slot.index + 1} exited before it was listening (exit code ${code}, signal ${signal}); see its log lines above`,
          ),
        );
      };
      for (const slot of this.slots) this.fork(slot, onListening, onEarlyExit);
    });
  }

  /** The workers that are listening now. */
  live(): Worker[] {
    return this.slots.flatMap((s) => (s.listening && s.worker?.isConnected() ? [s.worker] : []));
  }

  /** Sends `signal` to every worker process (SIGHUP: reload; SIGTERM: drain and exit). */
  signal(signal: NodeJS.Signals): void {
    for (const s of this.slots) if (s.worker?.process.pid !== undefined && !s.worker.isDead()) s.worker.process.kill(signal);
  }

  /** Stops replacing workers, SIGTERMs them and resolves when every one has exited. */
  async drain(): Promise<void> {
    this.stopping = true;
    for (const s of this.slots) clearTimeout(s.restart);
    const exits = this.slots.flatMap((s) =>
      s.worker === undefined || s.worker.isDead() ? [] : [new Promise<void>((resolve) => s.worker!.once('exit', () => resolve()))],
    );
    this.signal('SIGTERM');
    await Promise.all(exits);
  }

  /** Kills every worker at once (a second signal). */
  kill(): void {
    this.stopping = true;
    this.signal('SIGKILL');
  }

  /** Asks one worker; rejects with STRANGLER_CLUSTER_WORKER_TIMEOUT when it does not answer in ASK_TIMEOUT_MS or dies. */
  ask(worker: Worker, message: Distributive<PrimaryMessage>): Promise<ReplyMessage> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new ClusterError(CLUSTER_ERROR_CODES.workerTimeout, `worker pid ${worker.process.pid} did not answer within ${ASK_TIMEOUT_MS} ms`, {
            statusCode: 504,
          }),
        );
      }, ASK_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer, worker });
      worker.send({ ...message, id }, (err: Error | null) => {
        if (err === null) return;
        clearTimeout(timer);
        this.pending.delete(id);
        reject(
          new ClusterError(CLUSTER_ERROR_CODES.workerTimeout, `worker pid ${worker.process.pid} cannot be asked: ${err.message}`, {
            statusCode: 504,
            cause: err,
          }),
        );
      });
    });
  }

  private fork(
    slot: Slot,
    onListening: (slot: Slot, m: ListeningMessage) => void,
    onEarlyExit: (slot: Slot, code: number | null, signal: string | null) => void,
  ): void {
    const worker = cluster.fork({ [PINS_ENV]: JSON.stringify([...this.pins.values()]) });
    slot.worker = worker;
    slot.startedAt = Date.now();
    slot.listening = false;
    this.logger.info({ event: 'worker.start', worker: slot.index + 1, workerPid: worker.process.pid }, 'worker started');
    worker.on('message', (message: unknown) => {
      if (isMessage<ListeningMessage>(message, 'strangler:listening')) onListening(slot, message);
      else if (isMessage<ReplyMessage>(message, 'strangler:reply')) this.settle(message);
      else if (isMessage<RolledBackMessage>(message, 'strangler:rolled-back')) void this.spreadRollback(worker, message);
    });
    worker.once('exit', (code, signal) => {
      for (const [id, p] of this.pending) {
        if (p.worker !== worker) continue;
        clearTimeout(p.timer);
        this.pending.delete(id);
        p.reject(new ClusterError(CLUSTER_ERROR_CODES.workerTimeout, `worker pid ${worker.process.pid} exited before it answered`, { statusCode: 504 }));
      }
      slot.listening = false;
      if (this.stopping) {
        this.logger.info({ event: 'worker.exit', worker: slot.index + 1, workerPid: worker.process.pid, code, signal }, 'worker stopped');
        return;
      }
      const upMs = Date.now() - slot.startedAt;
      slot.deaths = nextDeathCount(slot.deaths, upMs);
      if (!this.startedOnce) {
        this.logger.error({ event: 'worker.exit', worker: slot.index + 1, workerPid: worker.process.pid, code, signal }, 'worker exited during start-up');
        onEarlyExit(slot, code, signal);
        return;
      }
      const delay = restartDelayMs(slot.deaths - 1);
      this.logger.error(
        { event: 'worker.exit', worker: slot.index + 1, workerPid: worker.process.pid, code, signal, upMs, restartInMs: delay },
        `worker died (exit code ${code}, signal ${signal}); replacing it in ${delay} ms`,
      );
      slot.restart = setTimeout(() => {
        slot.restart = undefined;
        if (!this.stopping) this.fork(slot, onListening, onEarlyExit);
      }, delay);
    });
  }

  /**
   * An automatic rollback on one worker pins the route on every other one (it audit-logged and stored it itself),
   * and on workers forked later: one worker's failures are the fleet's.
   */
  private async spreadRollback(from: Worker, message: RolledBackMessage): Promise<void> {
    this.pins.set(message.route, { route: message.route, stage: message.stage, reason: message.reason });
    const others = this.live().filter((w) => w !== from);
    const results = await Promise.allSettled(
      others.map((w) => this.ask(w, { type: 'strangler:pin', op: 'pin', route: message.route, stage: message.stage, reason: message.reason, audit: false })),
    );
    const failed = others.filter((_, i) => results[i]!.status === 'rejected' || (results[i] as PromiseFulfilledResult<ReplyMessage>).value.status !== 200);
    const fields = { event: 'rollback.fanout', route: message.route, fromPid: from.process.pid, workers: others.length };
    if (failed.length > 0) this.logger.error({ ...fields, failedPids: failed.map((w) => w.process.pid) }, 'automatic rollback not applied on every worker');
    else this.logger.info(fields, `automatic rollback of ${message.route} applied on every worker`);
  }

  private settle(message: ReplyMessage): void {
    const p = this.pending.get(message.id);
    if (p === undefined) return;
    clearTimeout(p.timer);
    this.pending.delete(message.id);
    p.resolve(message);
  }
}
