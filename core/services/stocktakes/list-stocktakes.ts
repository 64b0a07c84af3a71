import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { STOCKTAKE_STATUSES } from '../../domain/documents.js';
import { locations, stocktakes } from '../../db/schema.js';
import { reader, type ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { LocationCode, QueryInt } from '../schemas.js';
import { loadStocktake, StocktakeDto, toStocktakeDto } from './stocktake-record.js';

export const ListStocktakesInput = z.strictObject({
  status: z.enum(STOCKTAKE_STATUSES).optional(),
  location: LocationCode.optional(),
  /** Newest first; pass the last id seen to get older ones. */
  beforeId: QueryInt(1, Number.MAX_SAFE_INTEGER).optional(),
  limit: QueryInt(1, 200).default(50),
});
export type ListStocktakesInput = z.infer<typeof ListStocktakesInput>;

/** Stocktakes without their lines (a full count has thousands): totals only. */
export const StocktakeSummary = StocktakeDto.omit({ lines: true }).meta({ id: 'StocktakeSummary' });
export const StocktakePage = z.object({ items: z.array(StocktakeSummary) });

export async function listStocktakes({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListStocktakesInput;
}) {
  const q = reader(ctx);
  const conditions: SQL[] = [];
  if (input.status) conditions.push(eq(stocktakes.status, input.status));
  if (input.location) {
    const [location] = await q
      .select({ id: locations.id })
      .from(locations)
      .where(eq(locations.code, input.location));
    if (!location) throw notFound('location', input.location);
    conditions.push(eq(stocktakes.locationId, location.id));
  }
  if (input.beforeId) conditions.push(lt(stocktakes.id, input.beforeId));
  const ids = await q
    .select({ id: stocktakes.id })
    .from(stocktakes)
    .where(and(...conditions))
    .orderBy(desc(stocktakes.id))
    .limit(input.limit);
  const items = [];
  for (const { id } of ids) {
    const { lines: _lines, ...summary } = toStocktakeDto(await loadStocktake(q, id), ctx.actor);
    items.push(summary);
  }
  return { items };
}

/** One stocktake with its lines: the count sheet while open, the variance report after. */
export async function getStocktake({ ctx, id }: { ctx: ServiceContext; id: number }) {
  return toStocktakeDto(await loadStocktake(reader(ctx), id), ctx.actor);
}
