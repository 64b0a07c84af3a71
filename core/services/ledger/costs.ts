import { isOwned, TRANSIT_CODE } from '../../domain/locations.js';
import { movingAverageE4 } from '../../domain/money.js';
import type { Executor } from '../../db/types.js';
import type { Posting } from './posting.js';

/** SQL: the balance `b` is owned stock (a store or warehouse, or in transit between them). */
export const OWNED_BALANCE_SQL = `(b.is_virtual = 0 OR b.location_id = (SELECT id FROM locations WHERE code = '${TRANSIT_CODE}'))`;

/** A posting that brings stock in from outside at a known unit cost (a receipt, an opening balance). */
export function isCostedInflow(p: Posting): boolean {
  return p.unitCostE4 !== undefined && isOwned(p.target) && !isOwned(p.source);
}

const CHUNK = 400;

/**
 * Folds the unit costs of `postings` (in posting order, not yet written) into each
 * item's moving-average cost. The average weighs every owned unit, in transit
 * included, as the ledger stood before these postings: what is owned keeps its cost,
 * what arrives brings its own, and stock leaving (a sale, a loss) leaves at the
 * average, so it changes the count the next receipt is weighed against, not the cost.
 * This is the one place an average changes on a posting.
 */
export async function foldCosts(q: Executor, postings: readonly Posting[]): Promise<void> {
  const itemIds = [...new Set(postings.filter(isCostedInflow).map((p) => p.item.id))];
  if (itemIds.length === 0) return;
  const state = new Map<number, { owned: number; avgE4: number | null; changed: boolean }>();
  for (let i = 0; i < itemIds.length; i += CHUNK) {
    const chunk = itemIds.slice(i, i + CHUNK);
    const { rows } = await q.execute({
      sql: `SELECT i.id, i.avg_unit_cost_e4,
                   coalesce((SELECT sum(b.on_hand) FROM balances b WHERE b.item_id = i.id AND ${OWNED_BALANCE_SQL}), 0) AS owned
              FROM items i WHERE i.id IN (${chunk.map(() => '?').join(', ')})`,
      args: chunk,
    });
    for (const r of rows) {
      state.set(Number(r['id']), {
        owned: Number(r['owned']),
        avgE4: r['avg_unit_cost_e4'] === null ? null : Number(r['avg_unit_cost_e4']),
        changed: false,
      });
    }
  }
  for (const p of postings) {
    const s = state.get(p.item.id);
    if (!s) continue;
    if (isCostedInflow(p)) {
      s.avgE4 = movingAverageE4(
        { onHand: s.owned, avgE4: s.avgE4 },
        { quantity: p.quantity, costE4: p.unitCostE4! },
      );
      s.changed = true;
    }
    s.owned += (isOwned(p.target) ? p.quantity : 0) - (isOwned(p.source) ? p.quantity : 0);
  }
  const changed = [...state.entries()].filter(([, s]) => s.changed);
  for (let i = 0; i < changed.length; i += CHUNK) {
    const chunk = changed.slice(i, i + CHUNK);
    await q.execute({
      sql: `UPDATE items SET avg_unit_cost_e4 = v.column2
              FROM (VALUES ${chunk.map(() => '(?, ?)').join(', ')}) AS v WHERE items.id = v.column1`,
      args: chunk.flatMap(([id, s]) => [id, s.avgE4]),
    });
  }
}
