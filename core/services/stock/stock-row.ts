import { z } from 'zod';

export const StockRow = z
  .object({
    sku: z.string(),
    location: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
  })
  .meta({ id: 'StockRow' });
export type StockRow = z.infer<typeof StockRow>;

export function stockRow(sku: string, location: string, onHand: number, reserved: number): StockRow {
  return { sku, location, onHand, reserved, available: onHand - reserved };
}
