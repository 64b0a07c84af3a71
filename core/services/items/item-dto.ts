import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { barcodes, items } from '../../db/schema.js';
import type { Queryable } from '../../db/types.js';

export const BarcodeDto = z
  .object({ code: z.string(), multiplier: z.number().int().positive() })
  .meta({ id: 'Barcode' });

export const ItemDto = z
  .object({
    sku: z.string(),
    name: z.string(),
    unit: z.string(),
    active: z.boolean(),
    lotTracked: z.boolean(),
    barcodes: z.array(BarcodeDto),
    mergedInto: z
      .string()
      .optional()
      .describe('Only on a merged item: the sku that now stands for it'),
  })
  .meta({ id: 'Item' });
export type ItemDto = z.infer<typeof ItemDto>;

interface ItemRow {
  id: number;
  sku: string;
  name: string;
  unit: string;
  active: boolean;
  lotTracked: boolean;
  mergedIntoId?: number | null;
}

/** Items with their barcodes, in the order given, with one barcode query. */
export async function withBarcodes(q: Queryable, rows: ItemRow[]): Promise<ItemDto[]> {
  if (rows.length === 0) return [];
  const codes = await q
    .select({ itemId: barcodes.itemId, code: barcodes.code, multiplier: barcodes.multiplier })
    .from(barcodes)
    .where(
      rows.length === 1
        ? eq(barcodes.itemId, rows[0]!.id)
        : inArray(
            barcodes.itemId,
            rows.map((r) => r.id),
          ),
    )
    .orderBy(barcodes.code);
  const mergedIds = rows.flatMap((r) => (r.mergedIntoId ? [r.mergedIntoId] : []));
  const targets =
    mergedIds.length === 0
      ? []
      : await q
          .select({ id: items.id, sku: items.sku })
          .from(items)
          .where(inArray(items.id, mergedIds));
  return rows.map((r) => {
    const into = r.mergedIntoId ? targets.find((t) => t.id === r.mergedIntoId)?.sku : undefined;
    return {
      sku: r.sku,
      name: r.name,
      unit: r.unit,
      active: r.active,
      lotTracked: r.lotTracked,
      barcodes: codes
        .filter((c) => c.itemId === r.id)
        .map(({ code, multiplier }) => ({ code, multiplier })),
      ...(into ? { mergedInto: into } : {}),
    };
  });
}
