import { describe, expect, it } from 'vitest';
import { Ledger } from '../../../bench/soak/ledger.js';

const exec = (over: Partial<Parameters<Ledger['record']>[0]>) => ({
  side: 'function' as const,
  requestId: 'r1',
  method: 'POST',
  path: '/api/orders',
  shadow: false,
  ...over,
});

describe('soak ledger', () => {
  it('dedupes orders by Idempotency-Key across sides, as the monolith must', () => {
    const ledger = new Ledger();
    const first = ledger.record(exec({ key: 'k1' }));
    const replay = ledger.record(exec({ side: 'monolith', key: 'k1' }));
    expect(replay.orderId).toBe(first.orderId);
    expect(ledger.orderOfKey('k1')).toBe(first.orderId);
    expect(ledger.of('r1')).toEqual({ function: 1, monolith: 1, shadow: 0, ordersCreated: 1 });
  });

  it('creates an order for every execution of a POST without a key, so running it twice shows', () => {
    const ledger = new Ledger();
    const a = ledger.record(exec({}));
    const b = ledger.record(exec({ side: 'monolith' }));
    expect(a.orderId).not.toBe(b.orderId);
    expect(ledger.of('r1').ordersCreated).toBe(2);
  });

  it('counts shadow copies apart, without effects, and GETs without orders', () => {
    const ledger = new Ledger();
    expect(ledger.record(exec({ side: 'monolith', shadow: true }))).toEqual({});
    expect(ledger.record(exec({ requestId: 'r2', method: 'GET', path: '/api/items/1' }))).toEqual({});
    expect(ledger.of('r1')).toEqual({ function: 0, monolith: 0, shadow: 1, ordersCreated: 0 });
    expect(ledger.of('r2').function).toBe(1);
    expect(ledger.of('unknown')).toEqual({ function: 0, monolith: 0, shadow: 0, ordersCreated: 0 });
    expect([...ledger.requestIds()].sort()).toEqual(['r1', 'r2']);
  });
});
