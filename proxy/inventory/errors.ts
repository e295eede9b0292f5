import { StranglerError } from '../errors.js';

/** Stable codes of the traffic inventory (docs/traffic-inventory.md lists them). */
export const INVENTORY_ERROR_CODES = {
  /** A bad query parameter on `GET /traffic` (400): `since` is not a duration. */
  badQuery: 'STRANGLER_INVENTORY_BAD_QUERY',
} as const;

export type InventoryErrorCode = (typeof INVENTORY_ERROR_CODES)[keyof typeof INVENTORY_ERROR_CODES];

export class InventoryError extends StranglerError {
  constructor(code: InventoryErrorCode, message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'InventoryError';
  }
}
