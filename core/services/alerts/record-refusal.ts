import { dayOf } from '../../domain/alerts.js';
import type { Database } from '../../db/client.js';
import { effectiveReservedSql } from '../ledger/holds.js';
import { RefResolver } from '../ledger/refs.js';
import { balances } from '../../db/schema.js';
import { and, eq } from 'drizzle-orm';
import { evaluateAlerts } from './evaluate-alerts.js';

/**
 * Counts a posting refused for lack of stock on its item, location and day, and lets
 * the `refused_postings` rule see it. The refused posting's own transaction rolled
 * back, so this is a write of its own, queued and not awaited: it never delays or
 * changes the refusal the client gets.
 */
export function recordRefusal(database: Database, refusal: { sku: string; location: string }, now: number, requestId: string): void {
  database
    .write(async (tx) => {
      const refs = await new RefResolver(tx.raw).load({ skus: [refusal.sku], locations: [refusal.location] });
      const item = refs.item(refusal.sku);
      const location = refs.location(refusal.location);
      if (!item || !location || location.isVirtual) return;
      const day = dayOf(now);
      await tx.raw.execute({
        sql: `INSERT INTO balance_days (item_id, location_id, day, refused) VALUES (?, ?, ?, 1)
              ON CONFLICT (item_id, location_id, day) DO UPDATE SET refused = refused + 1`,
        args: [item.id, location.id, day],
      });
      const [row] = await tx
        .select({ onHand: balances.onHand, reserved: effectiveReservedSql(now) })
        .from(balances)
        .where(and(eq(balances.itemId, item.id), eq(balances.locationId, location.id)));
      const figures = { onHand: row?.onHand ?? 0, available: (row?.onHand ?? 0) - (row?.reserved ?? 0) };
      await evaluateAlerts(tx, { now, requestId }, [
        { item, location: { id: location.id, code: location.code }, before: figures, after: figures, outflows: [], day },
      ]);
    })
    .catch(() => {
      // Counting refusals must never make a request fail; a lost count only delays an alert.
    });
}
