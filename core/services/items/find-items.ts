import { asc, eq, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { barcodes, items } from '../../db/schema.js';
import { reader, type ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { QueryInt } from '../schemas.js';
import { withBarcodes, type ItemDto } from './item-dto.js';

export const SearchItemsInput = z.strictObject({
  query: z.string().max(200).optional(),
  limit: QueryInt(1, 1000).default(100),
});
export type SearchItemsInput = z.infer<typeof SearchItemsInput>;

export async function getItem({
  ctx,
  sku,
}: {
  ctx: ServiceContext;
  sku: string;
}): Promise<ItemDto> {
  const q = reader(ctx);
  const [row] = await q.select().from(items).where(eq(items.sku, sku));
  if (!row) throw notFound('item', sku);
  const [dto] = await withBarcodes(q, [row]);
  return dto!;
}

/**
 * Items whose sku or name contains `query` (case-insensitive for ASCII), or that a
 * barcode equal to `query` belongs to; all items without a query. Ordered by sku.
 */
export async function searchItems({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: SearchItemsInput;
}): Promise<ItemDto[]> {
  const q = reader(ctx);
  const text = input.query?.trim();
  const pattern = text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const rows = await q
    .select()
    .from(items)
    .where(
      pattern
        ? or(
            sql`${items.sku} LIKE ${pattern} ESCAPE '\\'`,
            sql`${items.name} LIKE ${pattern} ESCAPE '\\'`,
            sql`${items.id} IN (SELECT ${barcodes.itemId} FROM ${barcodes} WHERE ${barcodes.code} = ${text})`,
          )
        : undefined,
    )
    .orderBy(asc(items.sku))
    .limit(input.limit);
  return withBarcodes(q, rows);
}

export async function getBarcode({ ctx, code }: { ctx: ServiceContext; code: string }) {
  const [row] = await reader(ctx)
    .select({ sku: items.sku, multiplier: barcodes.multiplier })
    .from(barcodes)
    .innerJoin(items, eq(items.id, barcodes.itemId))
    .where(eq(barcodes.code, code));
  if (!row) throw notFound('barcode', code);
  return { code, sku: row.sku, multiplier: row.multiplier };
}
