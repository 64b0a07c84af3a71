import { z } from 'zod';
import { availableOf } from '../../domain/stock.js';

export const StockRow = z
  .object({
    sku: z.string(),
    location: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    expired: z
      .number()
      .int()
      .optional()
      .describe(
        'Lot-tracked items only, when some is: on hand in lots past their expiry, not available',
      ),
  })
  .meta({ id: 'StockRow' });
export type StockRow = z.infer<typeof StockRow>;

/** Available is what can be sold or held (core/domain/stock.ts): nothing in a quarantine. */
export function stockRow(
  sku: string,
  location: string,
  onHand: number,
  reserved: number,
  expired = 0,
  quarantined = false,
): StockRow {
  return {
    sku,
    location,
    onHand,
    reserved,
    available: availableOf({ onHand, reserved, expired, quarantined }),
    ...(expired > 0 ? { expired } : {}),
  };
}
