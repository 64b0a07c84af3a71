import { and, asc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { balances, items, locations } from '../../db/schema.js';
import { rawReader, reader, type ServiceContext } from '../context.js';
import { shopZone } from '../settings/read-settings.js';
import { ruleFieldSql } from '../alerts/rule-scope.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { notFound } from '../errors.js';
import { availableSql, stockFiguresSql } from '../stock-sql.js';
import { LocationCode, QueryInt, Sku } from '../schemas.js';
import { StockRow, stockRow } from './stock-row.js';

export const ListStockInput = z.strictObject({
  sku: Sku.optional(),
  location: LocationCode.optional(),
  limit: QueryInt(1, 10_000).default(1000),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().max(400).optional(),
  /** `true`: add each item's name and the min of the alert rule that applies (the add-in's stock sheet). */
  withItem: z.enum(['true', 'false']).default('false'),
  /** `true`: only rows whose available is below their min. */
  belowMin: z.enum(['true', 'false']).default('false'),
});
export type ListStockInput = z.infer<typeof ListStockInput>;

export const StockPage = z.object({
  items: z.array(
    StockRow.extend({ name: z.string().optional(), min: z.number().int().nullable().optional() }),
  ),
  nextCursor: z.string().nullable(),
});
export type StockPage = z.infer<typeof StockPage>;

/**
 * On hand, reserved and available per internal location and item, ordered by
 * location code then sku (stable across calls). Pages of `limit` rows; `nextCursor`
 * is null on the last page.
 */
export async function listStock({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListStockInput;
}): Promise<StockPage> {
  const q = reader(ctx);
  const conditions: SQL[] = [eq(balances.isVirtual, false)];
  if (input.sku) {
    const [item] = await q.select({ id: items.id }).from(items).where(eq(items.sku, input.sku));
    if (!item) throw notFound('item', input.sku);
    conditions.push(eq(balances.itemId, item.id));
  }
  if (input.location) {
    const [location] = await q
      .select({ id: locations.id })
      .from(locations)
      .where(eq(locations.code, input.location));
    if (!location) throw notFound('location', input.location);
    conditions.push(eq(balances.locationId, location.id));
  }
  const after = decodeCursor(input.cursor, 2);
  if (after) {
    const [location, sku] = after as [string, string];
    conditions.push(
      or(gt(locations.code, location), and(eq(locations.code, location), gt(items.sku, sku)))!,
    );
  }

  const min = sql<
    number | null
  >`${sql.raw(ruleFieldSql('min', 'balances.item_id', 'balances.location_id'))}`;
  const zone = await shopZone(rawReader(ctx));
  if (input.belowMin === 'true') conditions.push(sql`${availableSql(ctx.now(), zone)} < ${min}`);
  const rows = await q
    .select({
      sku: items.sku,
      location: locations.code,
      ...stockFiguresSql(ctx.now(), zone),
      name: items.name,
      min,
    })
    .from(balances)
    .innerJoin(items, eq(items.id, balances.itemId))
    .innerJoin(locations, eq(locations.id, balances.locationId))
    .where(and(...conditions))
    .orderBy(asc(locations.code), asc(items.sku))
    .limit(input.limit + 1);

  const page = rows.slice(0, input.limit).map((r) => ({
    ...stockRow(r.sku, r.location, r),
    ...(input.withItem === 'true' ? { name: r.name, min: r.min } : {}),
  }));
  const last = page.at(-1);
  return {
    items: page,
    nextCursor: rows.length > input.limit && last ? encodeCursor([last.location, last.sku]) : null,
  };
}
