import { Router, type Request, type Response } from 'express';
import { CURRENCY } from './catalog-data.js';
import { badRequest, conflict, cookie, idParam, jsonBody, notFound, ShopError } from './http.js';
import { UUID, type Cart, type ShopState } from './state.js';

/**
 * The cart, identified by the `cart_id` cookie, which the first `POST /cart/items` sets.
 *
 *   GET    /cart                    the cart (an empty one without the cookie)
 *   POST   /cart/items              { productId, quantity? } adds to the line (201 with the cart)
 *   DELETE /cart/items/:productId   removes the line (204)
 */

export const CART_COOKIE = 'cart_id';
export const MAX_QUANTITY = 99;
/** A cart lives for 30 days after its last change. */
const COOKIE_MAX_AGE_S = 30 * 86_400;

export function cartRouter(state: ShopState): Router {
  const router = Router();

  router.get('/cart', (req, res) => {
    const cart = cartOf(state, req);
    res.json(cart === undefined ? emptyCartView() : cartView(cart));
  });

  router.post('/cart/items', (req, res) => {
    const body = jsonBody(req);
    const productId = body.productId;
    if (typeof productId !== 'number' || !Number.isInteger(productId) || productId < 1) {
      throw badRequest('productId', 'must be a positive integer');
    }
    const quantity = body.quantity ?? 1;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
      throw badRequest('quantity', `must be an integer between 1 and ${MAX_QUANTITY}`);
    }
    const product = state.catalog.get(productId);
    if (product === undefined) throw badRequest('productId', `product ${productId} does not exist`);

    const existing = cartOf(state, req);
    const line = existing?.items.find((i) => i.productId === productId);
    const wanted = (line?.quantity ?? 0) + quantity;
    if (product.stock === 0) throw conflict(`product ${productId} is out of stock`);
    const limit = Math.min(product.stock, MAX_QUANTITY);
    if (wanted > limit) throw conflict(`only ${limit} of product ${productId} can be ordered; the cart would hold ${wanted}`);

    // The cart (and its cookie) is created only once the item is known to fit.
    const cart = existing ?? newCart(state, res);
    if (line) line.quantity = wanted;
    else cart.items.push({ productId, name: product.name, category: product.category, unitPriceCents: product.priceCents, quantity });
    cart.updatedAt = state.clock().toISOString();
    res.status(201).location('/cart').json(cartView(cart));
  });

  router.delete('/cart/items/:productId', (req, res) => {
    const productId = idParam(req, 'productId');
    const cart = cartOf(state, req);
    const index = cart?.items.findIndex((i) => i.productId === productId) ?? -1;
    if (cart === undefined || index === -1) throw notFound(`product ${productId} is not in the cart`);
    cart.items.splice(index, 1);
    cart.updatedAt = state.clock().toISOString();
    res.status(204).end();
  });

  return router;
}

/** The request's cart, if its cookie names one this shop knows. */
export function cartOf(state: ShopState, req: Request): Cart | undefined {
  const id = cookie(req, CART_COOKIE);
  return id !== undefined && UUID.test(id) ? state.carts.get(id) : undefined;
}

/** The request's cart or a 400 saying how to get one (checkout and orders need it). */
export function requireCart(state: ShopState, req: Request): Cart {
  const cart = cartOf(state, req);
  if (cart === undefined) throw new ShopError(400, 'NO_CART', `cookie ${CART_COOKIE}: no cart; add an item with POST /cart/items first`, CART_COOKIE);
  return cart;
}

function newCart(state: ShopState, res: Response): Cart {
  const now = state.clock().toISOString();
  const cart: Cart = { id: state.newId(), items: [], createdAt: now, updatedAt: now };
  state.carts.set(cart.id, cart);
  res.cookie(CART_COOKIE, cart.id, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: COOKIE_MAX_AGE_S * 1000 });
  return cart;
}

export function subtotalCents(cart: Pick<Cart, 'items'>): number {
  return cart.items.reduce((sum, i) => sum + i.unitPriceCents * i.quantity, 0);
}

function cartView(cart: Cart) {
  return {
    id: cart.id,
    items: cart.items.map((i) => ({ ...i, lineTotalCents: i.unitPriceCents * i.quantity })),
    itemCount: cart.items.reduce((n, i) => n + i.quantity, 0),
    subtotalCents: subtotalCents(cart),
    currency: CURRENCY,
    createdAt: cart.createdAt,
    updatedAt: cart.updatedAt,
  };
}

function emptyCartView() {
  return { id: null, items: [], itemCount: 0, subtotalCents: 0, currency: CURRENCY, createdAt: null, updatedAt: null };
}
