import type { ForecastModel } from '../../domain/forecast.js';
import type { Executor } from '../../db/types.js';

/**
 * The fitted models of a location's items (or of some, or of every location), keyed
 * `itemId:locationId`. Series still too short to forecast have none.
 */
export async function loadForecasts(
  q: Executor,
  options: {
    locationId?: number | undefined;
    /** Several locations (a location and its sources). */
    locationIds?: readonly number[] | undefined;
    itemId?: number | undefined;
  },
): Promise<Map<string, ForecastModel>> {
  const where = ['model IS NOT NULL'];
  const args: number[] = [];
  if (options.locationId !== undefined)
    where.push('location_id = ?'), args.push(options.locationId);
  if (options.locationIds !== undefined)
    where.push(`location_id IN (${options.locationIds.map(() => '?').join(', ') || 'NULL'})`),
      args.push(...options.locationIds);
  if (options.itemId !== undefined) where.push('item_id = ?'), args.push(options.itemId);
  const { rows } = await q.execute({
    sql: `SELECT item_id, location_id, model FROM forecasts WHERE ${where.join(' AND ')}`,
    args,
  });
  return new Map(
    rows.map((r) => [
      `${r['item_id']}:${r['location_id']}`,
      JSON.parse(String(r['model'])) as ForecastModel,
    ]),
  );
}
