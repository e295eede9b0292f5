import { codeOptions, defineCodes, StranglerError, type CodeOf } from '../errors/index.js';

/** Stable codes of the traffic inventory (docs/traffic-inventory.md). */
export const INVENTORY_ERRORS = defineCodes({
  STRANGLER_INVENTORY_BAD_QUERY: { status: 400, meaning: '`GET /traffic` with a `since` that is not a duration (`90m`, `36h`, `7d`)' },
});

export type InventoryErrorCode = CodeOf<typeof INVENTORY_ERRORS>;

/** Short names of INVENTORY_ERRORS' codes. */
export const INVENTORY_ERROR_CODES = {
  badQuery: 'STRANGLER_INVENTORY_BAD_QUERY',
} as const satisfies Record<string, InventoryErrorCode>;

/** An error of the traffic inventory; its status is the table's unless the raiser gives another. */
export class InventoryError extends StranglerError {
  declare readonly code: InventoryErrorCode;
  constructor(code: InventoryErrorCode, message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(code, message, codeOptions(INVENTORY_ERRORS, code, options));
    this.name = 'InventoryError';
  }
}
