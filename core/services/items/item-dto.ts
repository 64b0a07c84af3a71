import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { barcodes } from '../../db/schema.js';
import type { Queryable } from '../../db/types.js';

export const BarcodeDto = z.object({ code: z.string(), multiplier: z.number().int().positive() }).meta({ id: 'Barcode' });

export const ItemDto = z
  .object({
    sku: z.string(),
    name: z.string(),
    unit: z.string(),
    active: z.boolean(),
    barcodes: z.array(BarcodeDto),
  })
  .meta({ id: 'Item' });
export type ItemDto = z.infer<typeof ItemDto>;

interface ItemRow {
  id: number;
  sku: string;
  name: string;
  unit: string;
  active: boolean;
}

/** Items with their barcodes, in the order given, with one barcode query. */
export async function withBarcodes(q: Queryable, rows: ItemRow[]): Promise<ItemDto[]> {
  if (rows.length === 0) return [];
  const codes = await q
    .select({ itemId: barcodes.itemId, code: barcodes.code, multiplier: barcodes.multiplier })
    .from(barcodes)
    .where(rows.length === 1 ? eq(barcodes.itemId, rows[0]!.id) : inArray(barcodes.itemId, rows.map((r) => r.id)))
    .orderBy(barcodes.code);
  return rows.map((r) => ({
    sku: r.sku,
    name: r.name,
    unit: r.unit,
    active: r.active,
    barcodes: codes.filter((c) => c.itemId === r.id).map(({ code, multiplier }) => ({ code, multiplier })),
  }));
}
