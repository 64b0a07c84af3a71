import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { balances, movements } from '../../db/schema.js';
import { rawReader, reader, type ServiceContext } from '../context.js';
import { effectiveReservedSql, expiredOnHandSql } from '../ledger/holds.js';
import { RefResolver } from '../ledger/refs.js';
import { LocationCode, Sku } from '../schemas.js';

export const StockQueryInput = z
  .strictObject({
    /** Each: an item at a location, or (no location) in every store and warehouse together. */
    lines: z.array(z.strictObject({ sku: Sku, location: LocationCode.nullish() })).min(1).max(5000),
  })
  .meta({ id: 'StockQueryInput' });
export type StockQueryInput = z.infer<typeof StockQueryInput>;

export const StockFigure = z.object({
  sku: z.string(),
  location: z.string().nullable(),
  onHand: z.number().int().nullable(),
  available: z.number().int().nullable(),
  error: z.enum(['unknown_item', 'unknown_location']).nullable(),
});
export type StockFigure = z.infer<typeof StockFigure>;

/**
 * Many stock figures in one request, for spreadsheet formulas: a workbook's cells
 * are answered together. Unknown codes answer per line, not for the whole request.
 */
export async function queryStock({ ctx, input }: { ctx: ServiceContext; input: StockQueryInput }): Promise<StockFigure[]> {
  const refs = await new RefResolver(rawReader(ctx)).load({
    skus: input.lines.map((l) => l.sku),
    locations: input.lines.flatMap((l) => (l.location ? [l.location] : [])),
  });
  const q = reader(ctx);
  const out: StockFigure[] = [];
  for (const line of input.lines) {
    const item = refs.item(line.sku);
    const location = line.location ? refs.location(line.location) : undefined;
    const base = { sku: line.sku, location: line.location ?? null };
    if (!item) out.push({ ...base, onHand: null, available: null, error: 'unknown_item' });
    else if (line.location && (!location || location.isVirtual)) out.push({ ...base, onHand: null, available: null, error: 'unknown_location' });
    else {
      const [row] = await q
        .select({
          onHand: sql<number>`coalesce(sum(${balances.onHand}), 0)`,
          available: sql<number>`coalesce(sum(max(0, ${balances.onHand} - ${effectiveReservedSql(ctx.now())} - ${expiredOnHandSql(ctx.now())})), 0)`,
        })
        .from(balances)
        .where(
          location
            ? sql`${balances.itemId} = ${item.id} AND ${balances.locationId} = ${location.id}`
            : sql`${balances.itemId} = ${item.id} AND ${balances.isVirtual} = 0`,
        );
      out.push({ ...base, onHand: row?.onHand ?? 0, available: row?.available ?? 0, error: null });
    }
  }
  return out;
}

/** The ledger's latest movement: a cheap counter clients poll to know when to refresh. */
export async function ledgerHead({ ctx }: { ctx: ServiceContext }): Promise<{ seq: number }> {
  const [row] = await reader(ctx).select({ seq: sql<number>`coalesce(max(${movements.seq}), 0)` }).from(movements);
  return { seq: row?.seq ?? 0 };
}
