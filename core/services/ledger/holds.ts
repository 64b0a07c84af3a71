import { and, eq, isNotNull, lte, sql } from 'drizzle-orm';
import { balances, reservations } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { audit, type AuditContext, type AuditEntry } from '../audit.js';

/**
 * Marks the pending holds on one balance whose expiry has passed as `expired` and
 * gives their quantity back to `available`. Returns how much was released.
 *
 * Called on the write path only when a guarded update found too little stock, so a
 * balance without due holds pays nothing for the feature. Reads subtract due holds
 * on the fly (see `effectiveReservedSql`), and a worker sweeps the rest.
 */
export async function expireDueHolds(
  tx: Tx,
  itemId: number,
  locationId: number,
  ctx: AuditContext,
): Promise<number> {
  const now = ctx.now();
  const expired = await tx
    .update(reservations)
    .set({ status: 'expired', settledAt: now })
    .where(
      and(
        eq(reservations.itemId, itemId),
        eq(reservations.locationId, locationId),
        eq(reservations.status, 'pending'),
        isNotNull(reservations.expiresAt),
        lte(reservations.expiresAt, now),
      ),
    )
    .returning({ id: reservations.id, quantity: reservations.quantity });
  await audit(tx, ctx, expired.map(expiryEntry));
  const total = expired.reduce((sum, row) => sum + row.quantity, 0);
  if (total > 0) {
    await tx
      .update(balances)
      .set({ reserved: sql`${balances.reserved} - ${total}` })
      .where(and(eq(balances.itemId, itemId), eq(balances.locationId, locationId)));
  }
  return total;
}

/**
 * Expires up to `limit` due holds anywhere. Safe with several processes: each hold
 * changes status by compare-and-set, so only one sweeper releases it.
 */
export async function expireAllDueHolds(tx: Tx, ctx: AuditContext, limit = 500): Promise<number> {
  const now = ctx.now();
  const due = await tx
    .update(reservations)
    .set({ status: 'expired', settledAt: now })
    .where(
      sql`${reservations.id} IN (SELECT ${reservations.id} FROM ${reservations}
        WHERE ${reservations.status} = 'pending' AND ${reservations.expiresAt} IS NOT NULL
          AND ${reservations.expiresAt} <= ${now} LIMIT ${limit})`,
    )
    .returning({
      id: reservations.id,
      itemId: reservations.itemId,
      locationId: reservations.locationId,
      quantity: reservations.quantity,
    });
  await audit(tx, ctx, due.map(expiryEntry));
  for (const hold of due) {
    await tx
      .update(balances)
      .set({ reserved: sql`${balances.reserved} - ${hold.quantity}` })
      .where(and(eq(balances.itemId, hold.itemId), eq(balances.locationId, hold.locationId)));
  }
  return due.length;
}

function expiryEntry(hold: { id: number; quantity: number }): AuditEntry {
  return {
    action: 'reservation.expire',
    entity: 'reservation',
    entityId: hold.id,
    before: { status: 'pending', quantity: hold.quantity },
    after: { status: 'expired' },
  };
}
