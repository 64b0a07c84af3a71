import { dayOf, DAY_MS } from '../../domain/alerts.js';
import { sourcesOf, type SupplyConfig } from '../../domain/replenishment.js';
import type { Executor } from '../../db/types.js';

/** Every store and warehouse with the location it is replenished from (see `sourcesOf`). */
export async function loadSupplyConfig(q: Executor): Promise<SupplyConfig[]> {
  const { rows } = await q.execute(`
    SELECT l.code, l.kind, f.code AS replenish_from
      FROM locations l LEFT JOIN locations f ON f.id = l.replenish_from_id
     WHERE l.kind IN ('store', 'warehouse')
     ORDER BY l.code`);
  return rows.map((r) => ({
    code: String(r['code']),
    kind: r['kind'] as SupplyConfig['kind'],
    replenishFrom: r['replenish_from'] === null ? null : String(r['replenish_from']),
  }));
}

/**
 * What each location shipped by transfer over the window to the locations it
 * supplies (those whose `sourcesOf` names it), per item: a warehouse's share of its
 * stores' demand. Moves to anyone else (rebalancing between stores) are not demand.
 * Keyed `itemId:locationCode`. Read from the transfers, grouped in one statement.
 */
export async function shippedToSupplied(
  q: Executor,
  supply: readonly SupplyConfig[],
  options: { windowDays: number; now: number; fromCodes?: readonly string[] },
): Promise<Map<string, number>> {
  // The same days as the sales window: the last `windowDays` days, today included.
  const start = (dayOf(options.now) - options.windowDays + 1) * DAY_MS;
  const end = (dayOf(options.now) + 1) * DAY_MS;
  const from = options.fromCodes;
  const { rows } = await q.execute({
    sql: `SELECT tl.item_id, f.code AS from_code, t2.code AS to_code, sum(tl.shipped) AS shipped
            FROM transfers t JOIN transfer_lines tl ON tl.transfer_id = t.id
            JOIN locations f ON f.id = t.from_location_id JOIN locations t2 ON t2.id = t.to_location_id
           WHERE t.shipped_at >= ? AND t.shipped_at < ? AND tl.shipped > 0
             ${from ? `AND f.code IN (${from.map(() => '?').join(', ') || 'NULL'})` : ''}
           GROUP BY tl.item_id, f.code, t2.code`,
    args: [start, end, ...(from ?? [])],
  });
  const sourcesByCode = new Map(supply.map((l) => [l.code, sourcesOf(l, supply)]));
  const shipped = new Map<string, number>();
  for (const r of rows) {
    const source = String(r['from_code']);
    if (!sourcesByCode.get(String(r['to_code']))?.includes(source)) continue;
    const key = `${Number(r['item_id'])}:${source}`;
    shipped.set(key, (shipped.get(key) ?? 0) + Number(r['shipped']));
  }
  return shipped;
}
