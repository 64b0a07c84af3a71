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
    awaitingInspection: z
      .number()
      .int()
      .optional()
      .describe(
        "A store's or warehouse's row, when some is: returned units of the item waiting for inspection in its quarantine (on hand there, never available)",
      ),
  })
  .meta({ id: 'StockRow' });
export type StockRow = z.infer<typeof StockRow>;

/** The figures of one balance as a read selects them (`stockFiguresSql`). */
export interface StockFigures {
  onHand: number;
  reserved: number;
  available: number;
  expired: number;
  awaitingInspection: number;
}

/** Available is what can be sold or held (core/domain/stock.ts, `availableSql`): nothing in a quarantine. */
export function stockRow(sku: string, location: string, f: StockFigures | undefined): StockRow {
  return {
    sku,
    location,
    onHand: f?.onHand ?? 0,
    reserved: f?.reserved ?? 0,
    available: f?.available ?? 0,
    ...((f?.expired ?? 0) > 0 ? { expired: f!.expired } : {}),
    ...((f?.awaitingInspection ?? 0) > 0 ? { awaitingInspection: f!.awaitingInspection } : {}),
  };
}
