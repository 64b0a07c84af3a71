import { and, eq, inArray } from 'drizzle-orm';
import { reservations } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import type { PostingContext } from '../ledger/posting.js';
import type { ItemRef, LocationRef } from '../refs.js';

/**
 * Hold rows for documents (a transfer holds each line at its source). The balance
 * side goes through the ledger session (`hold`, `release`, `post` with
 * `consumesReserved`); these keep the reservation rows in step with it.
 */
export async function insertHold(
  tx: Tx,
  hold: {
    itemId: number;
    locationId: number;
    quantity: number;
    reference: string;
    actorId: number;
    now: number;
  },
): Promise<number> {
  const [row] = await tx
    .insert(reservations)
    .values({
      itemId: hold.itemId,
      locationId: hold.locationId,
      quantity: hold.quantity,
      status: 'pending',
      reference: hold.reference,
      expiresAt: null,
      createdAt: hold.now,
      actorId: hold.actorId,
    })
    .returning({ id: reservations.id });
  return row!.id;
}

/**
 * Settles pending holds by compare-and-set and returns the ones it settled; a hold
 * already settled is left alone (and missing from the answer).
 */
export async function settleHolds(
  tx: Tx,
  ids: readonly number[],
  status: 'committed' | 'released',
  now: number,
): Promise<Array<{ id: number; itemId: number; locationId: number; quantity: number }>> {
  if (ids.length === 0) return [];
  return tx
    .update(reservations)
    .set({
      status,
      settledAt: now,
      ...(status === 'committed' ? { committedQuantity: reservations.quantity } : {}),
    })
    .where(and(inArray(reservations.id, [...ids]), eq(reservations.status, 'pending')))
    .returning({
      id: reservations.id,
      itemId: reservations.itemId,
      locationId: reservations.locationId,
      quantity: reservations.quantity,
    });
}

/**
 * Releases those of a document's holds still pending and gives their stock back to
 * available (a rejection, a cancellation, an expiry); holds already settled stay as
 * they are, so releasing twice does nothing.
 */
export async function releaseHeld(
  tx: Tx,
  ctx: PostingContext,
  lines: ReadonlyArray<{ reservationId: number | null; item: ItemRef; location: LocationRef }>,
): Promise<void> {
  const released = await settleHolds(
    tx,
    lines.flatMap((l) => (l.reservationId === null ? [] : [l.reservationId])),
    'released',
    ctx.now,
  );
  if (released.length === 0) return;
  const session = await new LedgerSession(tx, ctx).load(lines);
  for (const hold of released) {
    const line = lines.find((l) => l.reservationId === hold.id)!;
    session.release(line.item, line.location, hold.quantity);
  }
  await session.flush();
}
