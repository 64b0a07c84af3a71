import { localDay } from '../../domain/time.js';
import type { Tx } from '../../db/types.js';
import type { PostedMovement } from './posting.js';

/**
 * Adds postings to the per-day figures of each store and warehouse (`balance_days`,
 * by the local date of `occurredAt` in the shop's zone `zone`):
 * in, out, and sold (to `@customer`, less what came back from it). One multi-row
 * statement per 150 (item, location, day) keys.
 */
export async function recordDayStats(
  tx: Tx,
  posted: readonly PostedMovement[],
  zone: string,
): Promise<void> {
  const rows = new Map<
    string,
    {
      itemId: number;
      locationId: number;
      day: number;
      inflow: number;
      outflow: number;
      sold: number;
    }
  >();
  const row = (itemId: number, locationId: number, day: number) => {
    const key = `${itemId}:${locationId}:${day}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { itemId, locationId, day, inflow: 0, outflow: 0, sold: 0 }));
    return r;
  };
  for (const m of posted) {
    const day = localDay(m.occurredAt, zone);
    if (!m.source.isVirtual) {
      const r = row(m.item.id, m.source.id, day);
      r.outflow += m.quantity;
      if (m.target.code === '@customer') r.sold += m.quantity;
    }
    if (!m.target.isVirtual) {
      const r = row(m.item.id, m.target.id, day);
      r.inflow += m.quantity;
      if (m.source.code === '@customer') r.sold -= m.quantity;
    }
  }
  const list = [...rows.values()];
  for (let i = 0; i < list.length; i += 150) {
    const chunk = list.slice(i, i + 150);
    await tx.raw.execute({
      sql: `INSERT INTO balance_days (item_id, location_id, day, inflow, outflow, sold, refused)
            VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, 0)').join(', ')}
            ON CONFLICT (item_id, location_id, day) DO UPDATE SET inflow = inflow + excluded.inflow,
              outflow = outflow + excluded.outflow, sold = sold + excluded.sold`,
      args: chunk.flatMap((r) => [r.itemId, r.locationId, r.day, r.inflow, r.outflow, r.sold]),
    });
  }
}
