import { and, eq } from 'drizzle-orm';
import { balances } from '../../db/schema.js';
import { rawReader, reader, type ServiceContext } from '../context.js';
import { shopZone } from '../settings/read-settings.js';
import { notFound, validationFailed } from '../errors.js';
import { stockFiguresSql } from '../stock-sql.js';
import { RefResolver } from '../refs.js';
import { stockRow, type StockRow } from './stock-row.js';

/** The stock of one item at one internal location; zeros when it was never touched. */
export async function getStock({
  ctx,
  location: locationCode,
  sku,
}: {
  ctx: ServiceContext;
  location: string;
  sku: string;
}): Promise<StockRow> {
  const q = reader(ctx);
  const refs = await new RefResolver(rawReader(ctx)).load({
    skus: [sku],
    locations: [locationCode],
  });
  const location = refs.location(locationCode);
  if (!location) throw notFound('location', locationCode);
  if (location.isVirtual)
    throw validationFailed([{ path: 'location', code: 'location_must_be_internal' }]);
  const item = refs.item(sku);
  if (!item) throw notFound('item', sku);
  const zone = await shopZone(rawReader(ctx));
  const [row] = await q
    .select(stockFiguresSql(ctx.now(), zone))
    .from(balances)
    .where(and(eq(balances.itemId, item.id), eq(balances.locationId, location.id)));
  return stockRow(item.sku, location.code, row);
}
