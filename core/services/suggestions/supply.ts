import { sourcesOf, type SupplyConfig } from '../../domain/replenishment.js';
import type { Executor } from '../../db/types.js';

/** A store or warehouse with the location it is replenished from (see `sourcesOf`). */
export interface SupplyLocation extends SupplyConfig {
  id: number;
}

/** Every store and warehouse with the location it is replenished from. */
export async function loadSupplyConfig(q: Executor): Promise<SupplyLocation[]> {
  const { rows } = await q.execute(`
    SELECT l.id, l.code, l.kind, f.code AS replenish_from
      FROM locations l LEFT JOIN locations f ON f.id = l.replenish_from_id
     WHERE l.kind IN ('store', 'warehouse')
     ORDER BY l.code`);
  return rows.map((r) => ({
    id: Number(r['id']),
    code: String(r['code']),
    kind: r['kind'] as SupplyConfig['kind'],
    replenishFrom: r['replenish_from'] === null ? null : String(r['replenish_from']),
  }));
}

/**
 * Who supplies whom, as location ids: each location with each of its sources. What a
 * source ships along these lines is its demand; moves to anyone else (rebalancing
 * between stores, a favour to a store that buys for itself) are not.
 */
export function supplyLines(
  supply: readonly SupplyLocation[],
): Array<{ fromId: number; toId: number }> {
  const ids = new Map(supply.map((l) => [l.code, l.id]));
  return supply.flatMap((l) =>
    sourcesOf(l, supply).flatMap((code) =>
      ids.has(code) ? [{ fromId: ids.get(code)!, toId: l.id }] : [],
    ),
  );
}
