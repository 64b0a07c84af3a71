import { z } from 'zod';

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

/** Available is what can be sold or held: on hand, less holds, less expired lots. */
export function stockRow(
  sku: string,
  location: string,
  onHand: number,
  reserved: number,
  expired = 0,
): StockRow {
  return {
    sku,
    location,
    onHand,
    reserved,
    available: Math.max(0, onHand - reserved - expired),
    ...(expired > 0 ? { expired } : {}),
  };
}
