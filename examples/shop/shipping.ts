import { randomInt } from 'node:crypto';
import { Router } from 'express';
import { badRequest, conflict, jsonBody } from './http.js';
import { orderOf } from './orders.js';
import type { Address, Order, ShopState } from './state.js';

/**
 * Shipping, a multi-step flow per order: validate the address, create a label, send the confirmation. Each step
 * needs the previous one (409 otherwise), as a real carrier integration would.
 *
 *   GET  /shipping/:orderId                the shipment: status, address, label, confirmation
 *   POST /shipping/:orderId/address        { name, line1, line2?, city, postalCode, country } validated and normalised
 *   POST /shipping/:orderId/label          { service?: standard | express } label id and tracking number (201)
 *   POST /shipping/:orderId/confirmation   e-mails the tracking number to the order's address (201)
 */

/** Countries the shop ships to, with their postal code format. */
export const POSTAL_CODES: Record<string, RegExp> = {
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  NL: /^\d{4} ?[A-Z]{2}$/,
  BE: /^\d{4}$/,
  AT: /^\d{4}$/,
  GB: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/,
  US: /^\d{5}(?:-\d{4})?$/,
};

const CARRIERS: Record<string, string> = { US: 'UPS', GB: 'Royal Mail' };

export function shippingRouter(state: ShopState): Router {
  const router = Router();

  router.get('/shipping/:orderId', (req, res) => {
    const order = orderOf(state, req, 'orderId');
    res.json(shipmentView(order));
  });

  router.post('/shipping/:orderId/address', (req, res) => {
    const order = orderOf(state, req, 'orderId');
    const address = validateAddress(jsonBody(req));
    if (order.shipment.status !== 'pending' && order.shipment.status !== 'address_validated') {
      throw conflict(`the shipment is already ${order.shipment.status}; the address can no longer change`);
    }
    order.shipment = { status: 'address_validated', address, updatedAt: state.clock().toISOString() };
    res.json(shipmentView(order));
  });

  router.post('/shipping/:orderId/label', (req, res) => {
    const order = orderOf(state, req, 'orderId');
    const body = req.body === undefined ? {} : jsonBody(req);
    const service = body.service ?? 'standard';
    if (service !== 'standard' && service !== 'express') throw badRequest('service', 'must be "standard" or "express"');
    const { shipment } = order;
    if (shipment.status !== 'address_validated' || shipment.address === undefined) {
      throw conflict(
        `the shipment is ${shipment.status}; ${shipment.status === 'pending' ? 'validate the address first (POST /shipping/:orderId/address)' : 'its label exists already'}`,
      );
    }
    const now = state.clock().toISOString();
    const country = shipment.address.country;
    shipment.label = {
      labelId: state.newId(),
      carrier: CARRIERS[country] ?? 'DHL',
      service,
      trackingNumber: trackingNumber(),
      estimatedDeliveryDays: (service === 'express' ? 1 : 3) + (country === 'US' ? 3 : 0),
      createdAt: now,
    };
    shipment.status = 'label_created';
    shipment.updatedAt = now;
    res.status(201).json(shipmentView(order));
  });

  router.post('/shipping/:orderId/confirmation', (req, res) => {
    const order = orderOf(state, req, 'orderId');
    const { shipment } = order;
    if (shipment.status !== 'label_created' || shipment.label === undefined) {
      throw conflict(
        `the shipment is ${shipment.status}; ${shipment.status === 'confirmed' ? 'the confirmation was sent already' : 'create the label first (POST /shipping/:orderId/label)'}`,
      );
    }
    const now = state.clock().toISOString();
    const subject = `Your order ${order.id} is on its way: ${shipment.label.carrier} ${shipment.label.trackingNumber}`;
    state.outbox.push({ to: order.email, subject, sentAt: now });
    shipment.confirmation = { confirmationId: state.newId(), to: order.email, subject, sentAt: now };
    shipment.status = 'confirmed';
    shipment.updatedAt = now;
    res.status(201).json(shipmentView(order));
  });

  return router;
}

function shipmentView(order: Order) {
  return { orderId: order.id, ...order.shipment };
}

/** A carrier-style tracking number: random, so two runs never agree on it. */
function trackingNumber(): string {
  let digits = '';
  for (let i = 0; i < 12; i++) digits += String(randomInt(10));
  return `TRK${digits}`;
}

const ADDRESS_FIELDS = ['name', 'line1', 'line2', 'city', 'postalCode', 'country'] as const;

/** Checks every field (400 naming the first bad one) and normalises: trimmed, country and postal code upper-case. */
export function validateAddress(body: Record<string, unknown>): Address {
  const input = (body.address ?? body) as Record<string, unknown>;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw badRequest('address', 'expected an object');
  for (const key of Object.keys(input)) {
    if (!(ADDRESS_FIELDS as readonly string[]).includes(key)) throw badRequest(key, `unknown field; expected ${ADDRESS_FIELDS.join(', ')}`);
  }
  const text = (field: (typeof ADDRESS_FIELDS)[number], required: boolean, max: number): string | undefined => {
    const value = input[field];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value.trim() === '') throw badRequest(field, 'is required');
    if (value.trim().length > max) throw badRequest(field, `must be at most ${max} characters`);
    return value.trim().replace(/\s+/g, ' ');
  };
  const name = text('name', true, 100)!;
  const line1 = text('line1', true, 200)!;
  const line2 = text('line2', false, 200);
  const city = text('city', true, 100)!;
  const country = text('country', true, 100)!.toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw badRequest('country', `must be a two-letter ISO 3166 country code, got "${country}"`);
  const format = POSTAL_CODES[country];
  if (format === undefined) throw badRequest('country', `we do not ship to "${country}"; we ship to ${Object.keys(POSTAL_CODES).join(', ')}`);
  const postalCode = text('postalCode', true, 10)!.toUpperCase();
  if (!format.test(postalCode)) throw badRequest('postalCode', `"${postalCode}" is not a valid postal code in ${country}`);
  return { name, line1, ...(line2 === undefined ? {} : { line2 }), city, postalCode, country };
}
