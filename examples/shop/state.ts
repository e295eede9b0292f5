import { randomUUID } from 'node:crypto';
import type { Catalog, Category } from './catalog-data.js';
import type { Clock } from './http.js';

/**
 * The monolith's in-memory state outside the catalog: carts, orders and shipments. One object per app instance,
 * so tests get a fresh shop each time. Ids are random UUIDs and timestamps come from the clock: the fields a
 * shadow comparison has to treat as equal when both sides are right.
 */

export interface CartItem {
  productId: number;
  name: string;
  category: Category;
  unitPriceCents: number;
  quantity: number;
}

export interface Cart {
  id: string;
  items: CartItem[];
  createdAt: string;
  updatedAt: string;
}

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

export type ShipmentStatus = 'pending' | 'address_validated' | 'label_created' | 'confirmed';

export interface Shipment {
  status: ShipmentStatus;
  address?: Address;
  label?: { labelId: string; carrier: string; service: 'standard' | 'express'; trackingNumber: string; estimatedDeliveryDays: number; createdAt: string };
  confirmation?: { confirmationId: string; to: string; subject: string; sentAt: string };
  updatedAt: string;
}

export interface Order {
  id: string;
  cartId: string;
  email: string;
  items: Array<CartItem & { lineTotalCents: number }>;
  subtotalCents: number;
  shippingCents: number;
  totalCents: number;
  currency: string;
  status: 'placed';
  createdAt: string;
  shipment: Shipment;
}

export interface ShopState {
  readonly catalog: Catalog;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly carts: Map<string, Cart>;
  readonly orders: Map<string, Order>;
  /** Confirmation e-mails "sent" by the shipping flow (the shop has no mail server). */
  readonly outbox: Array<{ to: string; subject: string; sentAt: string }>;
}

export function createState(catalog: Catalog, clock: Clock, newId: () => string = randomUUID): ShopState {
  return { catalog, clock, newId, carts: new Map(), orders: new Map(), outbox: [] };
}

/** RFC 9562 text form; ids from the outside are checked before a lookup. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
