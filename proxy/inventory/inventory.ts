import type { Logger } from 'pino';
import { MINUTE_MS, TrafficAggregator, type TrafficAggregate } from '../../planner/inventory/index.js';
import { TemplateInferrer, type TemplateOptions } from '../../planner/templates.js';
import { sampleOf, type AnsweredRequest } from './sample.js';
import { DEFAULT_INVENTORY_RETENTION, MEMORY_MINUTES, retentionMs, type InventorySettings } from '../schemas/inventory.js';

/**
 * Minute aggregates held in memory at most (about 15 MB): an hour of 2,000 templates a minute would be 120,000.
 * Past it the oldest minutes are forgotten first.
 */
export const MAX_KEPT = 20_000;

const DEFAULT_SETTINGS: InventorySettings = { enabled: true, retention: DEFAULT_INVENTORY_RETENTION };

/** Where minutes that ended are written: the shadow results store (SQLite or PostgreSQL, proxy/shadow/store). */
export interface TrafficStore {
  readonly location: string;
  writeTraffic?(aggregates: readonly TrafficAggregate[], pruneBefore: number): void | Promise<void>;
  readTraffic?(since: number): TrafficAggregate[] | Promise<TrafficAggregate[]>;
}

export interface TrafficInventoryOptions {
  /** The plan's `inventory` section; absent (a hand-built plan object), the schema's defaults. */
  settings: InventorySettings | undefined;
  /** The results store; without one (or one without `writeTraffic`) the last hour stays in memory only. */
  store?: TrafficStore | undefined;
  logger?: Logger | undefined;
  /** Clock (tests). Default Date.now. */
  now?: () => number;
  /** How often minutes that ended are written. Default one minute; 0: only on `flush` / `close`. */
  flushIntervalMs?: number;
  /** Open (minute, template) entries held at most before new templates count as `(other)`. Default 5,000. */
  maxKeys?: number;
  /** The caps of the template inference for unmatched traffic (planner/templates.ts). */
  templates?: TemplateOptions;
}

/** The inventory's minutes, split by where they came from: a fleet adds `local` parts and takes `stored` once. */
export interface TrafficParts {
  /** From the results store: the same rows for every process sharing it. */
  stored: TrafficAggregate[];
  /** Held by this process only: the minutes not yet written, or the last hour without a store. */
  local: TrafficAggregate[];
  /** The store read, or null when there is none (memory only). */
  store: string | null;
}

/**
 * The proxy's traffic inventory: every answered request, matched by a plan route or not, counted per minute, method
 * and template (planner/inventory's aggregates) — never a raw URL, query, header or body. Matched requests count
 * under the route's `METHOD /pattern`; unmatched ones under the TemplateInferrer's template, whose caps (and the
 * aggregator's key cap) bound memory whatever a scanner sends. Once a minute the minutes that ended go to the
 * results store (merged there with other processes' rows), or stay in memory for an hour without one.
 * @example
 *   const inventory = new TrafficInventory({ settings: plan.inventory, store: shadow.store, logger });
 *   inventory.request(ex, 200, 12.5); // from the request's finish
 */
export class TrafficInventory {
  private settings: InventorySettings;
  private retention: number;
  private readonly store: TrafficStore | undefined;
  private readonly now: () => number;
  private readonly logger: Logger | undefined;
  private readonly aggregator: TrafficAggregator;
  private readonly inferrer: TemplateInferrer;
  /** Minutes that ended and are held in memory (no store, or a write that failed), oldest first. */
  private kept: TrafficAggregate[] = [];
  private readonly timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(options: TrafficInventoryOptions) {
    this.settings = options.settings ?? DEFAULT_SETTINGS;
    this.retention = retentionMs(this.settings.retention);
    this.store = options.store?.writeTraffic === undefined ? undefined : options.store;
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
    this.aggregator = new TrafficAggregator(options.maxKeys);
    this.inferrer = new TemplateInferrer(options.templates);
    const every = options.flushIntervalMs ?? MINUTE_MS;
    if (every > 0) {
      this.timer = setInterval(() => void this.flush(), every);
      // Never keeps the process alive: close() writes the rest.
      this.timer.unref();
    }
  }

  get enabled(): boolean {
    return this.settings.enabled && !this.closed;
  }

  /** A reloaded plan's `inventory` section: on/off and retention take effect at once. */
  update(settings: InventorySettings | undefined): void {
    this.settings = settings ?? DEFAULT_SETTINGS;
    this.retention = retentionMs(this.settings.retention);
  }

  /**
   * Counts one answered request: the hook the request's finish calls (once per request, after its log line).
   * `upgrade`: a WebSocket (or other) upgrade, whose status is 101 when it was accepted.
   */
  request(ex: AnsweredRequest, status: number, durationMs: number, upgrade = false): void {
    if (!this.enabled) return;
    const method = ex.req.method ?? 'GET';
    const template = ex.route === null ? this.inferrer.observe(method, ex.req.url ?? '/') : `${method} ${ex.route.match.path}`;
    this.aggregator.record(sampleOf(ex, template, status, durationMs, this.now(), upgrade));
  }

  /**
   * Hands the minutes that ended to the store (or to memory), and prunes: the store drops minutes older than the
   * retention, memory those older than an hour. `all`: the open minute too (on close). Never rejects.
   */
  flush(all = false): Promise<void> {
    const now = this.now();
    const ended = this.aggregator.drain(all ? Number.POSITIVE_INFINITY : now - (now % MINUTE_MS));
    const memoryFrom = now - MEMORY_MINUTES * MINUTE_MS;
    this.kept = this.kept.filter((a) => a.minute >= memoryFrom);
    if (ended.length === 0 && this.store === undefined) return this.writing;
    if (this.store === undefined) {
      this.keep(ended);
      return this.writing;
    }
    const store = this.store;
    const pruneBefore = now - (now % MINUTE_MS) - this.retention;
    // One write at a time, in order: the next waits for the one in flight (PostgreSQL answers asynchronously).
    this.writing = this.writing.then(async () => {
      try {
        await store.writeTraffic!(ended, pruneBefore);
      } catch (err) {
        // A store that is down costs the stored history those minutes, never a request: they stay readable here.
        this.keep(ended);
        this.logger?.warn(
          { event: 'inventory.store_failed', minutes: ended.length, err: (err as Error).message },
          `traffic inventory: ${ended.length} minute aggregates not written (${(err as Error).message}); kept in memory for an hour`,
        );
      }
    });
    return this.writing;
  }

  /** Holds minutes in memory, at most MAX_KEPT aggregates (the oldest go first): a scanner cannot grow it. */
  private keep(minutes: readonly TrafficAggregate[]): void {
    this.kept.push(...minutes);
    if (this.kept.length > MAX_KEPT) this.kept.splice(0, this.kept.length - MAX_KEPT);
  }

  /** The minutes from `since` (epoch ms) on: the store's, and this process's own. Rejects when the store cannot be read. */
  async read(since: number): Promise<TrafficParts> {
    await this.writing;
    const local = [...this.kept, ...this.aggregator.peek()].filter((a) => a.minute >= since - (since % MINUTE_MS));
    const store = this.store;
    if (store?.readTraffic === undefined) return { stored: [], local, store: null };
    return { stored: await store.readTraffic(since - (since % MINUTE_MS)), local, store: store.location };
  }

  /** Writes everything held (the open minute too) and stops counting. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.flush(true);
    this.closed = true;
  }
}
