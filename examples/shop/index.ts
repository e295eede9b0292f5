/**
 * The example shop: a small Express 5 e-commerce monolith (catalog, cart, checkout, orders, shipping) that the demo
 * puts behind strangler. Its catalog is a self-contained Router, extracted to Lambda in ./functions/catalog.ts.
 * @example
 *   import { startShop } from './examples/shop/index.js';
 *   const shop = await startShop({ port: 3000 });
 */
export { createShopApp, type ShopApp, type ShopOptions } from './app.js';
export { startShop, DEFAULT_SHOP_PORT, type StartShopOptions, type RunningShop } from './server.js';
export { catalogRouter, type CatalogRouterOptions } from './catalog.js';
export {
  createCatalog,
  queryProducts,
  CATEGORIES,
  SORTS,
  DEFAULT_SEED,
  PRODUCT_COUNT,
  type Catalog,
  type Category,
  type Product,
  type ProductQuery,
  type ProductPage,
  type ProductSummary,
} from './catalog-data.js';
export { CART_COOKIE } from './cart.js';
export { ShopError } from './http.js';
export { ShopListenError, EXAMPLE_LISTEN } from './errors.js';
export type { ShopState, Cart, Order, Shipment, Address } from './state.js';
