/** One execution of a request's handler, on either side. */
export interface Execution {
  side: 'function' | 'monolith';
  requestId: string;
  method: string;
  path: string;
  /** The request's Idempotency-Key, when it had one. */
  key?: string | undefined;
  /** A shadow copy (`x-strangler-shadow: 1`): its answer never reaches the client and it has no effect. */
  shadow: boolean;
}

/** What the ledger knows about one request id. */
export interface RequestRecord {
  function: number;
  monolith: number;
  /** Shadow copies, either side. */
  shadow: number;
  /** Orders this request created (POST). */
  ordersCreated: number;
}

const EMPTY: RequestRecord = Object.freeze({ function: 0, monolith: 0, shadow: 0, ordersCreated: 0 });

/**
 * The soak's shared "database", in the soak's process: both sides record every execution here by request id (the
 * monolith in-process, the function over HTTP), and a POST creates an order here. Orders with an Idempotency-Key
 * are deduplicated by the key, as the idempotency contract asks of the server (the monolith and the function share
 * this store, so a fallback after the function already wrote finds the order); a POST without a key always creates
 * a new order, so running it twice shows as two orders.
 * @example
 *   const ledger = new Ledger();
 *   ledger.record({ side: 'monolith', requestId: 'r1', method: 'POST', path: '/api/orders', shadow: false }); // { orderId: 'o1' }
 */
export class Ledger {
  private readonly requests = new Map<string, RequestRecord>();
  /** Idempotency-Key → the order it created. */
  private readonly ordersByKey = new Map<string, string>();
  private nextOrder = 1;

  record(e: Execution): { orderId?: string } {
    const r = { ...(this.requests.get(e.requestId) ?? EMPTY) };
    if (e.shadow) r.shadow++;
    else r[e.side]++;
    let orderId: string | undefined;
    if (e.method === 'POST' && !e.shadow) {
      const existing = e.key === undefined ? undefined : this.ordersByKey.get(e.key);
      if (existing !== undefined) orderId = existing;
      else {
        orderId = `o${this.nextOrder++}`;
        r.ordersCreated++;
        if (e.key !== undefined) this.ordersByKey.set(e.key, orderId);
      }
    }
    this.requests.set(e.requestId, r);
    return orderId === undefined ? {} : { orderId };
  }

  of(requestId: string): RequestRecord {
    return this.requests.get(requestId) ?? EMPTY;
  }

  /** The order an Idempotency-Key created, if any. */
  orderOfKey(key: string): string | undefined {
    return this.ordersByKey.get(key);
  }

  /** Request ids seen by either side (to find executions the client never sent). */
  requestIds(): IterableIterator<string> {
    return this.requests.keys();
  }
}
