import { and, eq, sql } from 'drizzle-orm';
import type { MovementType } from '../../domain/movement.js';
import { balances, movements } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { ServiceError } from '../errors.js';
import { expireDueHolds } from './holds.js';
import type { ItemRef, LocationRef } from './refs.js';

/** A movement ready to post: every reference resolved, every rule but stock checked. */
export interface Posting {
  type: MovementType;
  item: ItemRef;
  source: LocationRef;
  target: LocationRef;
  quantity: number;
  occurredAt: number;
  reason?: string | undefined;
  reference?: string | undefined;
  reservationId?: number | undefined;
  reversesSeq?: number | undefined;
  /** When the movement consumes a hold: the hold's whole quantity leaves `reserved`. */
  consumesReserved?: number | undefined;
}

export interface PostedMovement extends Posting {
  seq: number;
  postedAt: number;
  actorId: number;
}

/**
 * Posts one movement: debits the source, credits the target, appends the movement,
 * all on the caller's transaction. The stock check is part of the debit itself
 * (`WHERE on_hand - reserved >= quantity`), so no read-then-write race can oversell,
 * within this process or across several.
 *
 * Throws `insufficient_stock` before writing anything, so a refused posting leaves
 * no trace even without a savepoint.
 */
export async function applyMovement(
  tx: Tx,
  actor: { actorId: number; now: number },
  posting: Posting,
): Promise<PostedMovement> {
  const { item, source, target, quantity } = posting;
  await debit(tx, posting, actor.now);
  await adjustBalance(tx, item.id, target, quantity);
  const [row] = await tx
    .insert(movements)
    .values({
      type: posting.type,
      itemId: item.id,
      sourceId: source.id,
      targetId: target.id,
      quantity,
      occurredAt: posting.occurredAt,
      postedAt: actor.now,
      actorId: actor.actorId,
      reason: posting.reason ?? null,
      reference: posting.reference ?? null,
      reservationId: posting.reservationId ?? null,
      reversesSeq: posting.reversesSeq ?? null,
    })
    .returning({ seq: movements.seq });
  return { ...posting, seq: row!.seq, postedAt: actor.now, actorId: actor.actorId };
}

async function debit(tx: Tx, posting: Posting, now: number): Promise<void> {
  const { item, source, quantity } = posting;
  if (source.isVirtual) {
    await adjustBalance(tx, item.id, source, -quantity);
    return;
  }
  if (posting.consumesReserved !== undefined) {
    const held = posting.consumesReserved;
    const result = await tx
      .update(balances)
      .set({ onHand: sql`${balances.onHand} - ${quantity}`, reserved: sql`${balances.reserved} - ${held}` })
      .where(and(eq(balances.itemId, item.id), eq(balances.locationId, source.id), sql`${balances.reserved} >= ${held}`))
      .run();
    if (result.rowsAffected !== 1) throw new Error(`hold of ${held} is not reserved on balance ${item.id}/${source.id}`);
    return;
  }
  if (await takeAvailable(tx, item.id, source.id, quantity)) return;
  // Only now look for holds that expired but still count as reserved.
  if ((await expireDueHolds(tx, item.id, source.id, now)) > 0 && (await takeAvailable(tx, item.id, source.id, quantity))) {
    return;
  }
  throw await insufficientStock(tx, item, source, quantity);
}

/** on_hand -= quantity, only if that much is available. */
async function takeAvailable(tx: Tx, itemId: number, locationId: number, quantity: number): Promise<boolean> {
  const result = await tx
    .update(balances)
    .set({ onHand: sql`${balances.onHand} - ${quantity}` })
    .where(
      and(
        eq(balances.itemId, itemId),
        eq(balances.locationId, locationId),
        sql`${balances.onHand} - ${balances.reserved} >= ${quantity}`,
      ),
    )
    .run();
  return result.rowsAffected === 1;
}

/** reserved += quantity, only if that much is available (a hold). */
export async function reserveAvailable(tx: Tx, itemId: number, locationId: number, quantity: number): Promise<boolean> {
  const result = await tx
    .update(balances)
    .set({ reserved: sql`${balances.reserved} + ${quantity}` })
    .where(
      and(
        eq(balances.itemId, itemId),
        eq(balances.locationId, locationId),
        sql`${balances.onHand} - ${balances.reserved} >= ${quantity}`,
      ),
    )
    .run();
  return result.rowsAffected === 1;
}

/** Adds `delta` to on_hand, creating the balance row on first touch. */
async function adjustBalance(tx: Tx, itemId: number, location: LocationRef, delta: number): Promise<void> {
  await tx
    .insert(balances)
    .values({ itemId, locationId: location.id, isVirtual: location.isVirtual, onHand: delta, reserved: 0 })
    .onConflictDoUpdate({
      target: [balances.itemId, balances.locationId],
      set: { onHand: sql`${balances.onHand} + ${delta}` },
    });
}

/** The refusal, with the figures a person needs to understand it. */
export async function insufficientStock(
  tx: Tx,
  item: ItemRef,
  location: LocationRef,
  requested: number,
): Promise<ServiceError> {
  const [row] = await tx
    .select({ onHand: balances.onHand, reserved: balances.reserved })
    .from(balances)
    .where(and(eq(balances.itemId, item.id), eq(balances.locationId, location.id)));
  const available = row ? row.onHand - row.reserved : 0;
  return new ServiceError('insufficient_stock', {
    params: { sku: item.sku, location: location.code, requested, available },
    details: { sku: item.sku, location: location.code, requested, available },
  });
}
