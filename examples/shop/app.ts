import express, { type Express } from 'express';
import { catalogRouter } from './catalog.js';
import { createCatalog, type Catalog } from './catalog-data.js';
import { cartRouter } from './cart.js';
import { errorHandler, notFoundHandler, systemClock, type Clock } from './http.js';
import { ordersRouter } from './orders.js';
import { shippingRouter } from './shipping.js';
import { createState, type ShopState } from './state.js';

export interface ShopOptions {
  /** Seed of the catalog's products. Default `DEFAULT_SEED` (the catalog function uses it too). */
  seed?: number;
  /** Source of timestamps. Default: the system clock. */
  clock?: Clock;
  /** Id generator for carts, orders, labels. Default `crypto.randomUUID`. */
  newId?: () => string;
}

/** The shop app and its state (tests look into `state`). */
export type ShopApp = Express & { readonly state: ShopState };

/**
 * The example monolith: an Express 5 shop with a catalog, a cart, checkout, orders and shipping, all in memory.
 * The catalog is its own Router (./catalog.ts), the piece strangler moves to Lambda first.
 * @example
 *   const app = createShopApp();
 *   await request(app).get('/products?category=books&sort=-price');
 */
export function createShopApp(options: ShopOptions = {}): ShopApp {
  const clock = options.clock ?? systemClock;
  const catalog: Catalog = createCatalog({ seed: options.seed, now: clock() });
  const state = createState(catalog, clock, options.newId);
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', servedAt: clock().toISOString() });
  });
  app.use(catalogRouter({ catalog, clock }));
  app.use(cartRouter(state));
  app.use(ordersRouter(state));
  app.use(shippingRouter(state));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return Object.assign(app, { state });
}
