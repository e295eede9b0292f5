import type { RouteStageInfo } from '../stages/resolver.js';
import type { FlagsLogger } from './logger.js';
import type { FlagStageResolver, Pin } from './stage-resolver.js';

/** A pin as the shared store keeps it. */
export interface SharedPin {
  route: string;
  stage: string;
  reason: string;
  at: string;
}

/** Where a fleet keeps its pins (the PostgreSQL results store). */
export interface PinStore {
  loadPins(): Promise<SharedPin[]>;
  /** Sets a route's pin, or removes it with null. */
  savePin(route: string, pin: Omit<SharedPin, 'route'> | null): Promise<void>;
}

/** How often each replica reads the fleet's pins: a pin anywhere applies everywhere within about this (< 2 s). */
export const FLEET_PIN_POLL_MS = 1_000;

export interface FleetPinsOptions {
  logger: FlagsLogger;
  pollMs?: number;
}

/**
 * Fleet-wide pins: with a shared results store, a pin or unpin taken on any replica (admin API, `strangler pin`,
 * automatic rollback) is written to the store, and every replica reads the store's pins every `pollMs` and applies
 * them (`FlagStageResolver.syncPins`), so the kill switch reaches the fleet within ~1 s and survives restarts.
 * The replica that took the pin applies it at once and writes the audit line; the others follow without one.
 * When the store cannot be written, the pin holds on this replica and is written when the store is back: a kill
 * switch is never lost, and the fleet's older state never overrides it meanwhile.
 * @example
 *   const fleet = new FleetPins(resolver, pgStore, { logger });
 *   await fleet.start();
 *   await fleet.pin('checkout', 'off', 'INC-1234');
 */
export class FleetPins {
  /** Local pin changes not yet in the store (route → pin, or null for an unpin). */
  private readonly unsaved = new Map<string, Omit<SharedPin, 'route'> | null>();
  /** Bumped on every local change: a poll that started before it must not undo it. */
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private warned = false;

  constructor(
    private readonly resolver: FlagStageResolver,
    private readonly store: PinStore,
    private readonly opts: FleetPinsOptions,
  ) {}

  /** Reads the fleet's pins once (pins survive restarts), then keeps polling. Never rejects. */
  async start(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.opts.pollMs ?? FLEET_PIN_POLL_MS);
    this.timer.unref();
  }

  /**
   * `FlagStageResolver.pin` (validated and audit-logged here: a bad pin throws at once, as it does there), then
   * written for the fleet; resolves once written, or once kept for later when the store is down.
   */
  pin(route: string, stage: unknown, reason: unknown): Promise<RouteStageInfo> {
    const state = this.resolver.pin(route, stage, reason);
    const pin = state.pin as Pin;
    this.unsaved.set(route, { stage: pin.stage, reason: pin.reason, at: pin.at });
    this.generation += 1;
    return this.push().then(() => state);
  }

  unpin(route: string, reason?: string): Promise<ReturnType<FlagStageResolver['unpin']>> {
    const state = this.resolver.unpin(route, reason);
    this.unsaved.set(route, null);
    this.generation += 1;
    return this.push().then(() => state);
  }

  /** Writes local changes not yet stored, oldest first; keeps those that fail for the next poll. */
  private async push(): Promise<void> {
    for (const [route, pin] of [...this.unsaved]) {
      try {
        await this.store.savePin(route, pin);
        // A newer local change for the route may have come meanwhile: keep that one.
        if (this.unsaved.get(route) === pin) this.unsaved.delete(route);
        this.warned = false;
      } catch (err) {
        if (!this.warned) {
          this.warned = true;
          this.opts.logger.warn(
            { event: 'fleet_pin_unsaved', route, err: (err as Error).message },
            `pin of ${route} holds on this replica only until the shared store is reachable again: ${(err as Error).message}`,
          );
        }
        return;
      }
    }
  }

  private poll(): Promise<void> {
    this.polling ??= (async () => {
      await this.push();
      if (this.unsaved.size > 0) return;
      const generation = this.generation;
      let pins: SharedPin[];
      try {
        pins = await this.store.loadPins();
      } catch {
        // The store is down: keep the pins we have (the results store logs the outage).
        return;
      }
      if (generation !== this.generation || this.unsaved.size > 0) return;
      this.resolver.syncPins(pins);
    })().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.polling;
  }
}
