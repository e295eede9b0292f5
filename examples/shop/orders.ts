import { Router, type Request } from 'express';
import { CURRENCY } from './catalog-data.js';
import { requireCart, cartOf, subtotalCents } from './cart.js';
import { badRequest, jsonBody, notFound } from './http.js';
import { UUID, type Order, type ShopState } from './state.js';

/**
 * Checkout and orders. An order belongs to the cart it was placed from: the `cart_id` cookie is the customer's
 * identity in this shop (it has no accounts), and it survives checkout, so `GET /orders` lists the customer's orders.
 *
 *   POST /checkout        { email } turns the cart into an order (201, Location: /orders/:id) and empties the cart
 *   GET  /orders          the orders placed from this cart, newest first
 *   GET  /orders/:id      one order, with its shipment
 */

/** Shipping is free from 50.00; otherwise a flat 4.95. */
export const FREE_SHIPPING_FROM_CENTS = 5_000;
export const SHIPPING_CENTS = 495;

/** Deliberately simple (RFC 5322 addresses are far wider): something@domain.tld without spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function ordersRouter(state: ShopState): Router {
  const router = Router();

  router.post('/checkout', (req, res) => {
    const body = jsonBody(req);
    const email = typeof body.email === 'string' ? body.email.trim() : undefined;
    if (email === undefined || email.length > 254 || !EMAIL.test(email)) throw badRequest('email', 'must be an e-mail address');
    const cart = requireCart(state, req);
    if (cart.items.length === 0) throw badRequest('cart', 'is empty; add items with POST /cart/items');

    const subtotal = subtotalCents(cart);
    const shipping = subtotal >= FREE_SHIPPING_FROM_CENTS ? 0 : SHIPPING_CENTS;
    const now = state.clock().toISOString();
    const order: Order = {
      id: state.newId(),
      cartId: cart.id,
      email,
      items: cart.items.map((i) => ({ ...i, lineTotalCents: i.unitPriceCents * i.quantity })),
      subtotalCents: subtotal,
      shippingCents: shipping,
      totalCents: subtotal + shipping,
      currency: CURRENCY,
      status: 'placed',
      createdAt: now,
      shipment: { status: 'pending', updatedAt: now },
    };
    state.orders.set(order.id, order);
    cart.items = [];
    cart.updatedAt = now;
    res.status(201).location(`/orders/${order.id}`).json(order);
  });

  router.get('/orders', (req, res) => {
    const cart = cartOf(state, req);
    const orders = cart === undefined ? [] : [...state.orders.values()].filter((o) => o.cartId === cart.id).reverse();
    res.json({ items: orders, count: orders.length });
  });

  router.get('/orders/:id', (req, res) => {
    res.json(orderOf(state, req, 'id'));
  });

  return router;
}

/** The order named by a route parameter: 400 for a malformed id, 404 for an unknown one. */
export function orderOf(state: ShopState, req: Request, param: string): Order {
  const value: unknown = req.params[param];
  const id = typeof value === 'string' ? value : '';
  if (!UUID.test(id)) throw badRequest(param, `must be an order id (a UUID), got "${id}"`);
  const order = state.orders.get(id.toLowerCase());
  if (order === undefined) throw notFound(`order ${id} does not exist`);
  return order;
}
