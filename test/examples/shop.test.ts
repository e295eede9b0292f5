import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { startShop, type RunningShop, type ShopApp } from '../../examples/shop/index.js';
import { NOW, shop, UUID } from './helpers.js';

type Cart = {
  id: string | null;
  items: Array<{ productId: number; quantity: number; unitPriceCents: number; lineTotalCents: number }>;
  itemCount: number;
  subtotalCents: number;
};

/** A product that is in stock, priced between the bounds (cents). */
function inStock(app: ShopApp, min = 0, max = Infinity): number {
  const p = app.state.catalog.products.find((x) => x.stock >= 5 && x.priceCents >= min && x.priceCents <= max);
  if (!p) throw new Error('no such product in the seeded catalog');
  return p.id;
}

const ADDRESS = { name: 'Ada Lovelace', line1: '  12  St James Square ', city: 'London', postalCode: 'sw1y 4jh', country: 'gb' };

describe('cart', () => {
  it('without a cart cookie, GET /cart is an empty cart', async () => {
    const res = await request(shop()).get('/cart').expect(200);
    expect(res.body).toMatchObject({ id: null, items: [], itemCount: 0, subtotalCents: 0, currency: 'EUR' });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('the first add sets the cart_id cookie; later adds reuse it and sum quantities', async () => {
    const app = shop();
    const agent = request.agent(app);
    const id = inStock(app);

    const first = await agent.post('/cart/items').send({ productId: id }).expect(201).expect('location', '/cart');
    const cookie = first.headers['set-cookie'] as unknown as string[];
    expect(cookie).toHaveLength(1);
    expect(cookie[0]).toMatch(/^cart_id=[0-9a-f-]{36}; Max-Age=2592000; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/);
    const cartId = /^cart_id=([^;]+)/.exec(cookie[0]!)![1];
    expect((first.body as Cart).id).toBe(cartId);

    const second = await agent.post('/cart/items').send({ productId: id, quantity: 2 }).expect(201);
    expect(second.headers['set-cookie']).toBeUndefined();
    const cart = second.body as Cart;
    expect(cart.items).toHaveLength(1);
    expect(cart.items[0]).toMatchObject({ productId: id, quantity: 3, lineTotalCents: 3 * cart.items[0]!.unitPriceCents });
    expect(cart).toMatchObject({ itemCount: 3, subtotalCents: 3 * cart.items[0]!.unitPriceCents, createdAt: NOW.toISOString() });

    expect(((await agent.get('/cart').expect(200)).body as Cart).id).toBe(cartId);
  });

  it('DELETE of an item is 204 with no body; deleting it again is 404', async () => {
    const app = shop();
    const agent = request.agent(app);
    const id = inStock(app);
    await agent.post('/cart/items').send({ productId: id }).expect(201);
    const res = await agent.delete(`/cart/items/${id}`).expect(204);
    expect(res.text).toBe('');
    expect(res.headers['content-type']).toBeUndefined();
    expect(((await agent.get('/cart')).body as Cart).items).toEqual([]);
    expect((await agent.delete(`/cart/items/${id}`).expect(404)).body.error.code).toBe('NOT_FOUND');
  });

  it.each([
    [{ quantity: 1 }, 'productId', 'productId: must be a positive integer'],
    [{ productId: '7' }, 'productId', 'productId: must be a positive integer'],
    [{ productId: 999 }, 'productId', 'productId: product 999 does not exist'],
    [{ productId: 7, quantity: 0 }, 'quantity', 'quantity: must be an integer between 1 and 99'],
    [{ productId: 7, quantity: 1.5 }, 'quantity', 'quantity: must be an integer between 1 and 99'],
    [[7], 'body', 'body: expected a JSON object'],
  ])('POST /cart/items %j is a 400 and sets no cookie', async (body, field, message) => {
    const res = await request(shop())
      .post('/cart/items')
      .send(body as object)
      .expect(400);
    expect(res.body).toEqual({ error: { code: 'VALIDATION_FAILED', message, field } });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('malformed JSON is a 400, not a 500', async () => {
    const res = await request(shop()).post('/cart/items').set('content-type', 'application/json').send('{"productId":').expect(400);
    expect(res.body.error).toMatchObject({ code: 'MALFORMED_JSON', field: 'body' });
  });

  it('an out-of-stock product, or more than the stock, is a 409', async () => {
    const app = shop();
    const soldOut = app.state.catalog.products.find((p) => p.stock === 0)!;
    expect(soldOut).toBeDefined();
    const res = await request(app).post('/cart/items').send({ productId: soldOut.id }).expect(409);
    expect(res.body.error).toEqual({ code: 'CONFLICT', message: `product ${soldOut.id} is out of stock` });
    expect(res.headers['set-cookie']).toBeUndefined();

    const few = app.state.catalog.products.find((p) => p.stock > 0 && p.stock < 99)!;
    await request(app)
      .post('/cart/items')
      .send({ productId: few.id, quantity: few.stock + 1 })
      .expect(409);
  });
});

describe('checkout and orders', () => {
  it('turns the cart into an order, empties the cart, and lists the order for that cart only', async () => {
    const app = shop();
    const agent = request.agent(app);
    const cheap = inStock(app, 500, 2000);
    await agent.post('/cart/items').send({ productId: cheap, quantity: 2 }).expect(201);
    const cart = (await agent.get('/cart')).body as Cart;

    const res = await agent.post('/checkout').send({ email: ' ada@example.com ' }).expect(201);
    const order = res.body as Record<string, unknown> & { id: string };
    expect(order.id).toMatch(UUID);
    expect(res.headers.location).toBe(`/orders/${order.id}`);
    expect(order).toMatchObject({
      cartId: cart.id,
      email: 'ada@example.com',
      subtotalCents: cart.subtotalCents,
      shippingCents: 495,
      totalCents: cart.subtotalCents + 495,
      currency: 'EUR',
      status: 'placed',
      createdAt: NOW.toISOString(),
      shipment: { status: 'pending' },
    });
    expect((await agent.get('/cart')).body as Cart).toMatchObject({ id: cart.id, items: [], itemCount: 0 });

    expect((await agent.get(`/orders/${order.id}`).expect(200)).body).toEqual(order);
    expect((await agent.get('/orders').expect(200)).body).toEqual({ items: [order], count: 1 });
    // Another customer (no cookie) sees none.
    expect((await request(app).get('/orders').expect(200)).body).toEqual({ items: [], count: 0 });
  });

  it('ships free from 50.00, and every order gets its own id', async () => {
    const app = shop();
    const agent = request.agent(app);
    const pricey = inStock(app, 5000);
    await agent.post('/cart/items').send({ productId: pricey }).expect(201);
    const a = (await agent.post('/checkout').send({ email: 'a@example.com' }).expect(201)).body as { id: string; shippingCents: number };
    expect(a.shippingCents).toBe(0);
    await agent.post('/cart/items').send({ productId: pricey }).expect(201);
    const b = (await agent.post('/checkout').send({ email: 'a@example.com' }).expect(201)).body as { id: string };
    expect(b.id).not.toBe(a.id);
    expect(((await agent.get('/orders')).body as { items: Array<{ id: string }> }).items.map((o) => o.id)).toEqual([b.id, a.id]);
  });

  it('400s: no cart, an empty cart, a bad e-mail', async () => {
    const app = shop();
    expect((await request(app).post('/checkout').send({ email: 'a@example.com' }).expect(400)).body.error).toMatchObject({ code: 'NO_CART', field: 'cart_id' });

    const agent = request.agent(app);
    const id = inStock(app);
    await agent.post('/cart/items').send({ productId: id }).expect(201);
    expect((await agent.post('/checkout').send({ email: 'not-an-address' }).expect(400)).body.error).toMatchObject({ field: 'email' });
    await agent.delete(`/cart/items/${id}`).expect(204);
    expect((await agent.post('/checkout').send({ email: 'a@example.com' }).expect(400)).body.error).toMatchObject({
      field: 'cart',
      message: 'cart: is empty; add items with POST /cart/items',
    });
  });

  it('GET /orders/:id: 400 for a malformed id, 404 for an unknown one', async () => {
    const app = shop();
    expect((await request(app).get('/orders/42').expect(400)).body.error.field).toBe('id');
    await request(app).get('/orders/00000000-0000-4000-8000-000000000000').expect(404);
  });
});

describe('shipping: validate address → create label → send confirmation', () => {
  async function placeOrder(app: ShopApp): Promise<string> {
    const agent = request.agent(app);
    await agent
      .post('/cart/items')
      .send({ productId: inStock(app) })
      .expect(201);
    return ((await agent.post('/checkout').send({ email: 'ada@example.com' }).expect(201)).body as { id: string }).id;
  }

  it('runs the three steps in order, each generating its ids', async () => {
    const app = shop();
    const orderId = await placeOrder(app);
    expect((await request(app).get(`/shipping/${orderId}`).expect(200)).body).toEqual({ orderId, status: 'pending', updatedAt: NOW.toISOString() });

    const validated = await request(app).post(`/shipping/${orderId}/address`).send(ADDRESS).expect(200);
    expect(validated.body).toEqual({
      orderId,
      status: 'address_validated',
      address: { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
      updatedAt: NOW.toISOString(),
    });

    const labelled = await request(app).post(`/shipping/${orderId}/label`).send({ service: 'express' }).expect(201);
    expect(labelled.body).toMatchObject({
      status: 'label_created',
      label: { carrier: 'Royal Mail', service: 'express', estimatedDeliveryDays: 1, createdAt: NOW.toISOString() },
    });
    expect(labelled.body.label.labelId).toMatch(UUID);
    expect(labelled.body.label.trackingNumber).toMatch(/^TRK\d{12}$/);

    const confirmed = await request(app).post(`/shipping/${orderId}/confirmation`).expect(201);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', confirmation: { to: 'ada@example.com', sentAt: NOW.toISOString() } });
    expect(confirmed.body.confirmation.confirmationId).toMatch(UUID);
    expect(confirmed.body.confirmation.subject).toContain(labelled.body.label.trackingNumber);
    expect(app.state.outbox).toEqual([{ to: 'ada@example.com', subject: confirmed.body.confirmation.subject, sentAt: NOW.toISOString() }]);

    // The order shows the shipment too.
    expect((await request(app).get(`/orders/${orderId}`)).body.shipment).toEqual({ ...confirmed.body, orderId: undefined });
  });

  it('refuses steps out of order with 409', async () => {
    const app = shop();
    const orderId = await placeOrder(app);
    const early = await request(app).post(`/shipping/${orderId}/label`).expect(409);
    expect(early.body.error.message).toContain('validate the address first');
    await request(app).post(`/shipping/${orderId}/confirmation`).expect(409);

    await request(app).post(`/shipping/${orderId}/address`).send({ address: ADDRESS }).expect(200);
    await request(app).post(`/shipping/${orderId}/label`).expect(201);
    expect((await request(app).post(`/shipping/${orderId}/address`).send(ADDRESS).expect(409)).body.error.code).toBe('CONFLICT');
    await request(app).post(`/shipping/${orderId}/label`).expect(409);
    await request(app).post(`/shipping/${orderId}/confirmation`).expect(201);
    expect((await request(app).post(`/shipping/${orderId}/confirmation`).expect(409)).body.error.message).toContain('sent already');
  });

  it.each([
    [{ ...ADDRESS, name: ' ' }, 'name', 'name: is required'],
    [{ ...ADDRESS, city: undefined }, 'city', 'city: is required'],
    [{ ...ADDRESS, country: 'Britain' }, 'country', 'country: must be a two-letter ISO 3166 country code, got "BRITAIN"'],
    [{ ...ADDRESS, country: 'JP' }, 'country', 'country: we do not ship to "JP"; we ship to DE, FR, NL, BE, AT, GB, US'],
    [{ ...ADDRESS, country: 'DE', postalCode: '1234' }, 'postalCode', 'postalCode: "1234" is not a valid postal code in DE'],
    [{ ...ADDRESS, zip: '12345' }, 'zip', 'zip: unknown field; expected name, line1, line2, city, postalCode, country'],
  ])('an invalid address is a 400 naming the field: %j', async (address, field, message) => {
    const app = shop();
    const orderId = await placeOrder(app);
    const res = await request(app).post(`/shipping/${orderId}/address`).send(address).expect(400);
    expect(res.body).toEqual({ error: { code: 'VALIDATION_FAILED', message, field } });
    expect((await request(app).get(`/shipping/${orderId}`)).body.status).toBe('pending');
  });

  it('an unknown label service is a 400; an unknown order a 404', async () => {
    const app = shop();
    const orderId = await placeOrder(app);
    await request(app).post(`/shipping/${orderId}/address`).send(ADDRESS).expect(200);
    expect((await request(app).post(`/shipping/${orderId}/label`).send({ service: 'overnight' }).expect(400)).body.error.field).toBe('service');
    await request(app).post('/shipping/00000000-0000-4000-8000-000000000000/label').expect(404);
  });
});

describe('the shop app', () => {
  it('answers unknown paths with a JSON 404', async () => {
    const res = await request(shop()).get('/nope').expect(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'no route for GET /nope' } });
  });

  it('has a health endpoint and no x-powered-by header', async () => {
    const res = await request(shop()).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', servedAt: NOW.toISOString() });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('startShop', () => {
  let running: RunningShop | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('listens on the port asked for (0: a free one) and closes', async () => {
    running = await startShop({ port: 0 });
    expect(running.url).toBe(`http://127.0.0.1:${running.port}`);
    const res = await fetch(`${running.url}/products/1`);
    expect(res.status).toBe(200);
    await running.close();
    await expect(fetch(`${running.url}/products/1`)).rejects.toThrow();
  });

  it('a port in use is a coded error saying so', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      await expect(startShop({ port })).rejects.toMatchObject({
        code: 'STRANGLER_EXAMPLE_LISTEN',
        message: `cannot start the shop monolith on 127.0.0.1:${port}: address already in use`,
      });
    } finally {
      blocker.close();
    }
  });
});
